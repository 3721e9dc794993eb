/** Types of bench/digest.mjs (shared by the plain-node export client and the fake server). */
export declare class IdDigest {
  /** Ids added so far. */
  count: number;
  /** Adds one id (allocates nothing). */
  add(id: string): void;
  /** The sum of the hashes modulo 2^64, as 16 hex digits. */
  get sum(): string;
}
