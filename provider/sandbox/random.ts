/**
 * A small seeded PRNG (mulberry32) for fault rates: the same faults and the same
 * requests give the same outcome on every run, so a test with `rate: 0.5` is
 * deterministic. Never used for anything secret (passwords and links use node:crypto).
 */
export const DEFAULT_FAULT_SEED = 0x5eed;

export function seededRandom(seed: number = DEFAULT_FAULT_SEED): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
