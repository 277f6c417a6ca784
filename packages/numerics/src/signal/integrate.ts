/** Trapezoidal integration of sampled data (SciPy `trapezoid` / `cumulative_trapezoid`). */

function spacing(name: string, n: number, xOrDx: ArrayLike<number> | number | undefined): (i: number) => number {
  if (xOrDx === undefined) return () => 1;
  if (typeof xOrDx === 'number') {
    if (!Number.isFinite(xOrDx)) throw new RangeError(`${name}: dx must be finite, got ${xOrDx}`);
    return () => xOrDx;
  }
  if (xOrDx.length !== n) throw new RangeError(`${name}: x has ${xOrDx.length} values but y has ${n}`);
  const x = xOrDx;
  return (i) => x[i + 1] - x[i];
}

/** ∫ y dx by the trapezoidal rule; x (sample positions) or dx (uniform spacing, default 1). */
export function trapezoid(y: ArrayLike<number>, xOrDx?: ArrayLike<number> | number): number {
  const n = y.length;
  const h = spacing('trapezoid', n, xOrDx);
  let total = 0;
  for (let i = 0; i < n - 1; i++) total += 0.5 * h(i) * (y[i] + y[i + 1]);
  return total;
}

/**
 * Running integral: out[0] = 0, out[i] = ∫ from x₀ to x_i (SciPy `cumulative_trapezoid` with
 * initial = 0, so the output has the same length as y).
 */
export function cumulativeTrapezoid(y: ArrayLike<number>, xOrDx?: ArrayLike<number> | number): Float64Array {
  const n = y.length;
  const h = spacing('cumulativeTrapezoid', n, xOrDx);
  const out = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) out[i + 1] = out[i] + 0.5 * h(i) * (y[i] + y[i + 1]);
  return out;
}
