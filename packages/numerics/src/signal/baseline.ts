/**
 * Baseline estimation for spectra and diffractograms.
 *
 * - {@link asls}: asymmetric least squares (P. H. C. Eilers & H. F. M. Boelens, "Baseline correction
 *   with asymmetric least squares smoothing", Leiden University Medical Centre report, 2005).
 * - {@link arpls}: asymmetrically reweighted penalised least squares (S.-J. Baek, A. Park, Y.-J. Ahn &
 *   J. Choo, Analyst 140, 250–257, 2015).
 * - {@link snip}: statistics-sensitive non-linear iterative peak clipping (C. G. Ryan et al., Nucl.
 *   Instrum. Methods B 34, 396–402, 1988; M. Morháč et al., Nucl. Instrum. Methods A 401, 113–132,
 *   1997), with the optional LLS transform.
 * - {@link chebyshevBaseline}: least-squares Chebyshev polynomial through baseline points.
 *
 * The Whittaker smoothers solve (W + λDᵀD) z = W y with D the second-difference matrix by a banded
 * O(n) factorisation, so λ is in units of (sample spacing)⁴: scale it with the square of the number of
 * points per feature width to the fourth power when changing sampling.
 */
import { lstsq } from '../linalg/lstsq';
import { secondDifferenceGram, solvePentadiagonal } from './banded';

class Whittaker {
  readonly d0: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly a0: Float64Array;
  readonly rhs: Float64Array;
  readonly a1: Float64Array;
  readonly a2: Float64Array;
  readonly work: { d: Float64Array; l1: Float64Array; l2: Float64Array };
  constructor(readonly n: number) {
    const g = secondDifferenceGram(n);
    this.d0 = g.d0;
    this.d1 = g.d1;
    this.d2 = g.d2;
    this.a0 = new Float64Array(n);
    this.rhs = new Float64Array(n);
    this.a1 = new Float64Array(this.d1.length);
    this.a2 = new Float64Array(this.d2.length);
    this.work = { d: new Float64Array(n), l1: new Float64Array(n), l2: new Float64Array(n) };
  }
  /** z = argmin Σ w_i (y_i − z_i)² + λ Σ (Δ²z)² */
  solve(y: ArrayLike<number>, w: Float64Array, lambda: number, z: Float64Array): void {
    const { n, d0, a0, rhs } = this;
    for (let i = 0; i < n; i++) {
      a0[i] = w[i] + lambda * d0[i];
      rhs[i] = w[i] * y[i];
    }
    const { a1, a2, d1, d2 } = this;
    for (let i = 0; i < a1.length; i++) a1[i] = lambda * d1[i];
    for (let i = 0; i < a2.length; i++) a2[i] = lambda * d2[i];
    solvePentadiagonal(a0, a1, a2, rhs, z, this.work);
  }
}

function checkSignal(name: string, y: ArrayLike<number>, lambda: number): void {
  if (y.length < 3) throw new RangeError(`${name}: need at least 3 samples, got ${y.length}`);
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`${name}: lambda must be finite and > 0, got ${lambda}`);
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new RangeError(`${name}: y[${i}] is not finite (${y[i]})`);
}

/**
 * Asymmetric least squares baseline: Whittaker smoother with weights p above the baseline and 1 − p
 * below, iterated until the weights stop changing.
 * @param options.lambda smoothness (typ. 1e2…1e9); options.p asymmetry (typ. 0.001…0.05)
 */
export function asls(y: ArrayLike<number>, options: { lambda: number; p: number; maxIterations?: number }): Float64Array {
  const { lambda, p } = options;
  checkSignal('asls', y, lambda);
  if (!(p > 0 && p < 1)) throw new RangeError(`asls: p must be in (0, 1), got ${p}`);
  const n = y.length;
  const solver = new Whittaker(n);
  const w = new Float64Array(n).fill(1);
  const z = new Float64Array(n);
  const maxIterations = options.maxIterations ?? 50;
  for (let it = 0; it < maxIterations; it++) {
    solver.solve(y, w, lambda, z);
    let changed = false;
    for (let i = 0; i < n; i++) {
      const wi = y[i] > z[i] ? p : 1 - p;
      if (wi !== w[i]) changed = true;
      w[i] = wi;
    }
    if (!changed) break;
  }
  return z;
}

/**
 * arPLS baseline: weights from a generalised logistic function of the residual relative to the
 * statistics (mean m, standard deviation σ) of its negative part,
 * w_i = 1 / (1 + exp(2 (d_i − (2σ − m)) / σ)), d = y − z; stops when ‖w_new − w‖/‖w‖ < ratio.
 * @param options.lambda smoothness (typ. 1e4…1e8); options.ratio convergence (default 1e-6)
 */
export function arpls(y: ArrayLike<number>, options: { lambda: number; ratio?: number; maxIterations?: number }): Float64Array {
  const { lambda } = options;
  checkSignal('arpls', y, lambda);
  const ratio = options.ratio ?? 1e-6;
  const maxIterations = options.maxIterations ?? 100;
  const n = y.length;
  const solver = new Whittaker(n);
  const w = new Float64Array(n).fill(1);
  const z = new Float64Array(n);
  for (let it = 0; it < maxIterations; it++) {
    solver.solve(y, w, lambda, z);
    let sum = 0;
    let sum2 = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const d = y[i] - z[i];
      if (d < 0) {
        sum += d;
        sum2 += d * d;
        count++;
      }
    }
    if (count < 2) break;
    const mean = sum / count;
    const sd = Math.sqrt(Math.max((sum2 - count * mean * mean) / (count - 1), 0));
    if (!(sd > 0)) break;
    let diff2 = 0;
    let norm2 = 0;
    for (let i = 0; i < n; i++) {
      const d = y[i] - z[i];
      const arg = (2 * (d - (2 * sd - mean))) / sd;
      const wi = arg > 700 ? 0 : 1 / (1 + Math.exp(arg));
      diff2 += (wi - w[i]) ** 2;
      norm2 += w[i] * w[i];
      w[i] = wi;
    }
    if (Math.sqrt(diff2 / norm2) < ratio) break;
  }
  return z;
}

/**
 * SNIP baseline: for window half-widths p = 1…iterations (or decreasing, Morháč's variant),
 * v_i ← min(v_i, (v_{i−p} + v_{i+p})/2). With `lls` the clipping runs on
 * v = ln(ln(√(y+1) + 1) + 1) (y ≥ −1 assumed; counts data), which flattens the dynamic range.
 * @param options.iterations the largest half-width, about the widest peak's half-width in samples
 */
export function snip(y: ArrayLike<number>, options: { iterations: number; lls?: boolean; decreasing?: boolean }): Float64Array {
  const { iterations } = options;
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`snip: iterations must be a positive integer, got ${iterations}`);
  const n = y.length;
  const lls = options.lls ?? false;
  let v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new RangeError(`snip: y[${i}] is not finite (${y[i]})`);
    v[i] = lls ? Math.log(Math.log(Math.sqrt(Math.max(y[i], -1) + 1) + 1) + 1) : y[i];
  }
  let next = new Float64Array(n);
  for (let k = 1; k <= iterations; k++) {
    const p = options.decreasing ? iterations + 1 - k : k;
    for (let i = 0; i < n; i++) {
      if (i - p < 0 || i + p >= n) next[i] = v[i];
      else next[i] = Math.min(v[i], 0.5 * (v[i - p] + v[i + p]));
    }
    const t = v;
    v = next;
    next = t;
  }
  if (lls) {
    for (let i = 0; i < n; i++) {
      const a = Math.exp(Math.exp(v[i]) - 1) - 1;
      v[i] = a * a - 1;
    }
  }
  return v;
}

/**
 * Least-squares Chebyshev polynomial baseline of degree `order` on x mapped to [−1, 1], fitted to
 * the points where mask is true (all points if no mask), evaluated at every x.
 */
export function chebyshevBaseline(x: ArrayLike<number>, y: ArrayLike<number>, order: number, mask?: ArrayLike<boolean>): Float64Array {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`chebyshevBaseline: x has ${n} values but y has ${y.length}`);
  if (!Number.isInteger(order) || order < 0) throw new RangeError(`chebyshevBaseline: order must be a non-negative integer, got ${order}`);
  if (mask !== undefined && mask.length !== n) throw new RangeError(`chebyshevBaseline: mask has ${mask.length} values, expected ${n}`);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  const cols = order + 1;
  const used: number[] = [];
  for (let i = 0; i < n; i++) if (mask === undefined || mask[i]) used.push(i);
  if (used.length < cols) throw new RangeError(`chebyshevBaseline: ${used.length} baseline points for ${cols} coefficients`);
  const span = hi > lo ? hi - lo : 1;
  const basis = (t: number, out: Float64Array, off: number) => {
    const u = (2 * (t - lo)) / span - 1;
    out[off] = 1;
    if (cols > 1) out[off + 1] = u;
    for (let k = 2; k < cols; k++) out[off + k] = 2 * u * out[off + k - 1] - out[off + k - 2];
  };
  const A = new Float64Array(used.length * cols);
  const b = new Float64Array(used.length);
  used.forEach((i, r) => {
    basis(x[i], A, r * cols);
    b[r] = y[i];
  });
  const coef = lstsq(A, used.length, cols, b).x;
  const row = new Float64Array(cols);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    basis(x[i], row, 0);
    let s = 0;
    for (let k = 0; k < cols; k++) s += coef[k] * row[k];
    out[i] = s;
  }
  return out;
}
