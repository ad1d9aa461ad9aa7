/**
 * mulberry32: a small, fast, seeded PRNG returning numbers in [0, 1). The
 * demo's synthetic history, the benchmark workloads and the reliability
 * tests draw from it, so the same seed gives the same data everywhere.
 *
 * @example
 * ```ts
 * const rand = mulberry32(38);
 * rand(); // the same number on every run
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
