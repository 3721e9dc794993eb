/**
 * An order-independent digest of a multiset of ids in constant memory, so that the export
 * benchmark can prove "every event exactly once" without keeping a Set of a million ids (which
 * would be most of the client's memory, and so of what it measures).
 *
 * Each id is hashed to 64 bits (two 32-bit lanes, each a murmur3-style mix of the id's UTF-16
 * code units with its own seed, then murmur3's finaliser), and the digest is the count of ids
 * and the sum of their hashes modulo 2^64. The order of ids does not matter; each id counts once
 * per time it is added. Equal count and equal sum with the expected set means exactly once (bar a
 * 64-bit coincidence): see bench/RESULTS.md, section 2.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** murmur3's 32-bit finaliser. */
function fmix(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One 32-bit lane of the hash of `text`. */
function lane(text, seed) {
  let h = seed;
  for (let i = 0; i < text.length; i += 1) {
    let k = Math.imul(text.charCodeAt(i), C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix(h ^ text.length);
}

/** A running digest: `add()` each id, then compare `count` and `sum` with the expected ones. */
export class IdDigest {
  count = 0;
  #lo = 0;
  #hi = 0;

  /** Adds one id (allocates nothing). */
  add(id) {
    const lo = this.#lo + lane(id, 0x9747b28c);
    this.#lo = lo >>> 0;
    this.#hi = (this.#hi + lane(id, 0x5bd1e995) + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    this.count += 1;
  }

  /** The sum of the hashes modulo 2^64, as 16 hex digits. */
  get sum() {
    return this.#hi.toString(16).padStart(8, '0') + this.#lo.toString(16).padStart(8, '0');
  }
}
