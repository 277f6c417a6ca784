/**
 * Savitzky–Golay smoothing and differentiation: least-squares polynomial fits over a sliding
 * window (A. Savitzky & M. J. E. Golay, Anal. Chem. 36, 1627–1639, 1964). Interior points use the
 * fixed convolution coefficients; the edges are handled as SciPy's `savgol_filter` does:
 * 'interp' (default) fits one polynomial to the first/last window and evaluates it (and its
 * derivative) at the edge points, so no padding is invented; 'mirror', 'nearest', 'constant' and
 * 'wrap' extend the signal instead.
 */
import { lstsq } from '../linalg/lstsq';

/** Options of {@link savitzkyGolay}. */
export interface SavitzkyGolayOptions {
  /** derivative order (0 = smoothing); default 0 */
  derivative?: number;
  /** sample spacing, used to scale derivatives (result in y-unit / x-unit^derivative); default 1 */
  dx?: number;
  /** edge handling; default 'interp' */
  mode?: 'interp' | 'mirror' | 'nearest' | 'constant' | 'wrap';
  /** fill value for mode 'constant'; default 0 */
  cval?: number;
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/**
 * Convolution coefficients c_j (j = −half…half) such that the smoothed/derivative value at the
 * window centre is Σ c_j y_{i+j}, for a polynomial of degree polyOrder fitted by least squares.
 */
export function savitzkyGolayCoefficients(windowLength: number, polyOrder: number, derivative = 0, dx = 1): Float64Array {
  const half = (windowLength - 1) / 2;
  const cols = polyOrder + 1;
  // Vandermonde in the window offsets; the coefficient vector for the derivative at 0 is row
  // `derivative` of the pseudo-inverse times derivative!: solve Vᵀ c = e_d·d! in the least-squares sense
  const vt = new Float64Array(cols * windowLength);
  for (let p = 0; p < cols; p++) for (let j = 0; j < windowLength; j++) vt[p * windowLength + j] = (j - half) ** p;
  const e = new Float64Array(cols);
  if (derivative <= polyOrder) e[derivative] = factorial(derivative) / dx ** derivative;
  // minimum-norm solution of the underdetermined system Vᵀ c = e is exactly the pseudo-inverse row
  return lstsq(vt, cols, windowLength, e).x;
}

function validate(n: number, windowLength: number, polyOrder: number, derivative: number, mode: string): void {
  if (!Number.isInteger(windowLength) || windowLength < 1 || windowLength % 2 === 0) {
    throw new RangeError(`savitzkyGolay: windowLength must be a positive odd integer, got ${windowLength}`);
  }
  if (!Number.isInteger(polyOrder) || polyOrder < 0 || polyOrder >= windowLength) {
    throw new RangeError(`savitzkyGolay: polyOrder must be an integer in [0, windowLength), got ${polyOrder}`);
  }
  if (!Number.isInteger(derivative) || derivative < 0) throw new RangeError(`savitzkyGolay: derivative must be a non-negative integer, got ${derivative}`);
  if (mode === 'interp' && n < windowLength)
    throw new RangeError(`savitzkyGolay: mode 'interp' needs at least windowLength = ${windowLength} samples, got ${n}`);
}

/**
 * Smooth y (or differentiate it) with a Savitzky–Golay filter.
 * @param windowLength odd number of samples in the window
 * @param polyOrder polynomial degree (< windowLength)
 */
export function savitzkyGolay(y: ArrayLike<number>, windowLength: number, polyOrder: number, options: SavitzkyGolayOptions = {}): Float64Array {
  const n = y.length;
  const derivative = options.derivative ?? 0;
  const dx = options.dx ?? 1;
  const mode = options.mode ?? 'interp';
  validate(n, windowLength, polyOrder, derivative, mode);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const half = (windowLength - 1) / 2;
  const c = savitzkyGolayCoefficients(windowLength, polyOrder, derivative, dx);
  const cval = options.cval ?? 0;
  const sample = (i: number): number => {
    if (i >= 0 && i < n) return y[i];
    switch (mode) {
      case 'mirror': {
        // reflect about the end samples: −1 → 1, n → n−2 (period 2n−2)
        if (n === 1) return y[0];
        const period = 2 * n - 2;
        let k = ((i % period) + period) % period;
        if (k >= n) k = period - k;
        return y[k];
      }
      case 'nearest':
        return y[i < 0 ? 0 : n - 1];
      case 'constant':
        return cval;
      case 'wrap':
        return y[((i % n) + n) % n];
      default:
        return 0;
    }
  };
  const interior0 = mode === 'interp' ? half : 0;
  const interior1 = mode === 'interp' ? n - half : n;
  for (let i = interior0; i < interior1; i++) {
    let s = 0;
    if (i - half >= 0 && i + half < n) for (let j = 0; j < windowLength; j++) s += c[j] * y[i - half + j];
    else for (let j = 0; j < windowLength; j++) s += c[j] * sample(i - half + j);
    out[i] = s;
  }
  if (mode === 'interp' && half > 0) {
    fitEdge(y, 0, windowLength, polyOrder, derivative, dx, 0, half, out);
    fitEdge(y, n - windowLength, windowLength, polyOrder, derivative, dx, n - half, n, out);
  }
  return out;
}

/** Fit a polynomial to y[start, start+len) and write its derivative at positions [from, to). */
function fitEdge(
  y: ArrayLike<number>,
  start: number,
  len: number,
  polyOrder: number,
  derivative: number,
  dx: number,
  from: number,
  to: number,
  out: Float64Array,
): void {
  const cols = polyOrder + 1;
  const v = new Float64Array(len * cols);
  const rhs = new Float64Array(len);
  for (let j = 0; j < len; j++) {
    for (let p = 0; p < cols; p++) v[j * cols + p] = j ** p;
    rhs[j] = y[start + j];
  }
  const coef = lstsq(v, len, cols, rhs).x;
  for (let i = from; i < to; i++) {
    const t = i - start;
    let s = 0;
    for (let p = derivative; p < cols; p++) s += coef[p] * (factorial(p) / factorial(p - derivative)) * t ** (p - derivative);
    out[i] = s / dx ** derivative;
  }
}
