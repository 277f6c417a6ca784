/**
 * Light smoothing and normalisation for display and peak search.
 * Smoothing: repeated binomial [1 2 1]/4 passes (a Gaussian-like low-pass that preserves area and
 * does not shift peaks); Savitzky–Golay belongs to @ionscope/numerics.
 */
export function binomialSmooth(y: ArrayLike<number>, passes = 2): Float64Array {
  const n = y.length;
  let a = Float64Array.from(y);
  let b = new Float64Array(n);
  for (let p = 0; p < passes; p++) {
    for (let i = 0; i < n; i++) {
      const l = a[Math.max(0, i - 1)] as number;
      const r = a[Math.min(n - 1, i + 1)] as number;
      b[i] = 0.25 * l + 0.5 * (a[i] as number) + 0.25 * r;
    }
    [a, b] = [b, a];
  }
  return a;
}

export type Normalization = 'max' | 'area' | 'none';

/** Scales to a maximum of 100 (`max`) or unit area over x (`area`). Returns the factor applied. */
export function normalize(x: ArrayLike<number>, y: Float64Array, mode: Normalization): { y: Float64Array; factor: number } {
  if (mode === 'none') return { y: Float64Array.from(y), factor: 1 };
  let ref = 0;
  if (mode === 'max') for (let i = 0; i < y.length; i++) ref = Math.max(ref, y[i] as number);
  else for (let i = 1; i < y.length; i++) ref += 0.5 * ((y[i] as number) + (y[i - 1] as number)) * ((x[i] as number) - (x[i - 1] as number));
  const factor = ref > 0 ? (mode === 'max' ? 100 / ref : 1 / ref) : 1;
  return { y: y.map((v) => v * factor), factor };
}
