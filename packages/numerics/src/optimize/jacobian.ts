/** Finite-difference Jacobians for {@link levenbergMarquardt} (column-major, free parameters only). */

const EPS = 2.220446049250313e-16;
/** Default relative step for central differences, ε^{1/3} (balances truncation O(h²) and rounding O(ε/h)). */
export const CENTRAL_STEP = Math.cbrt(EPS);
/** Default relative step for forward differences, √ε. */
export const FORWARD_STEP = Math.sqrt(EPS);

/**
 * Fill a[i + k·m] = ∂r_i/∂p_{free[k]} by finite differences around x (residuals r0 at x given).
 * Steps h_j = step·max(|x_j|, typical_j), turned around or made one-sided at bounds (a purely
 * relative step breaks down when a parameter passes near zero: x + h then changes the residuals by
 * less than their rounding and the column comes out zero);
 * the step actually used is (x_j + h) − x_j so that rounding of x_j + h does not bias the quotient.
 * @returns number of residual evaluations
 */
export function finiteDifferenceJacobian(
  evaluate: (x: Float64Array, out: Float64Array) => void,
  x: Float64Array,
  r0: Float64Array,
  m: number,
  free: Int32Array,
  lower: Float64Array,
  upper: Float64Array,
  central: boolean,
  step: number,
  typical: Float64Array,
  a: Float64Array,
  fPlus: Float64Array,
  fMinus: Float64Array,
): number {
  let evaluations = 0;
  for (let k = 0; k < free.length; k++) {
    const j = free[k];
    const xj = x[j];
    const h = step * Math.max(Math.abs(xj), typical[j]);
    const off = k * m;
    const canPlus = xj + h <= upper[j];
    const canMinus = xj - h >= lower[j];
    if (central && canPlus && canMinus) {
      x[j] = xj + h;
      const hp = x[j] - xj;
      evaluate(x, fPlus);
      x[j] = xj - h;
      const hm = xj - x[j];
      evaluate(x, fMinus);
      x[j] = xj;
      evaluations += 2;
      const inv = 1 / (hp + hm);
      for (let i = 0; i < m; i++) a[off + i] = (fPlus[i] - fMinus[i]) * inv;
    } else {
      // one-sided, pointing into the box
      const sign = canPlus || !canMinus ? 1 : -1;
      x[j] = xj + sign * h;
      const hs = x[j] - xj;
      evaluate(x, fPlus);
      x[j] = xj;
      evaluations++;
      const inv = 1 / hs;
      for (let i = 0; i < m; i++) a[off + i] = (fPlus[i] - r0[i]) * inv;
    }
  }
  return evaluations;
}
