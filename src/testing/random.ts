/** A seeded pseudo-random source (mulberry32): the same seed gives the same fake tenant. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A random GUID (version-4 layout). */
  guid(): string;
}

/** A 32-bit seed for the stream `label` of `seed` (FNV-1a), so streams never share draws. */
export function streamSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i += 1) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const HEX = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));
const DASH = '-'.charCodeAt(0);

/** Creates a {@link Random} from a seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const u32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => u32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => p > 0 && next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    guid: () => {
      // Built from char codes: a flat string (a template literal would keep a rope of 10 pieces
      // alive per id, which triples the memory of 100,000 seeded events).
      const codes = new Array<number>(36);
      let word = 0;
      for (let i = 0, nibble = 0; i < 36; i += 1) {
        if (i === 8 || i === 13 || i === 18 || i === 23) {
          codes[i] = DASH;
          continue;
        }
        if (nibble % 8 === 0) word = u32();
        let value = (word >>> ((nibble % 8) * 4)) & 15;
        if (i === 14) value = 4;
        else if (i === 19) value = 8 | (value & 3);
        codes[i] = HEX[value] as number;
        nibble += 1;
      }
      return String.fromCharCode(...codes);
    },
  };
}
