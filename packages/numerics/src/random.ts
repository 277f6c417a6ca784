/**
 * Seeded pseudo-random numbers for reproducible multi-start fits and synthetic test data: the
 * 32-bit mulberry32 generator (T. Ettinger, 2017; passes PractRand to 2^32 outputs, enough for
 * starting points and noise, not for cryptography) and Gaussian deviates from it by Box–Muller
 * (G. E. P. Box & M. E. Muller, Ann. Math. Stat. 29, 610, 1958).
 */

/** Uniform numbers in [0, 1) from a 32-bit seed; the same seed gives the same sequence everywhere. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates: Box–Muller's cosine branch on two {@link seededUniform} draws. */
export function seededGaussian(seed: number): () => number {
  const uniform = seededUniform(seed);
  return () => {
    const u = Math.max(uniform(), 1e-300);
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
