/**
 * One-dimensional interpolation on strictly increasing abscissae: linear (NumPy `interp`),
 * cubic splines (natural, not-a-knot or clamped; C. de Boor, "A Practical Guide to Splines",
 * Springer 1978, ch. IV) and monotone piecewise-cubic Hermite interpolation (PCHIP: F. N. Fritsch &
 * R. E. Carlson, SIAM J. Numer. Anal. 17, 238–246, 1980, with the weighted-harmonic-mean slopes of
 * F. N. Fritsch & J. Butland, SIAM J. Sci. Stat. Comput. 5, 300–304, 1984, as in SciPy's
 * `PchipInterpolator`).
 */

function checkAbscissae(name: string, x: ArrayLike<number>, y: ArrayLike<number>, minPoints: number): void {
  if (x.length !== y.length) throw new RangeError(`${name}: x has ${x.length} values but y has ${y.length}`);
  if (x.length < minPoints) throw new RangeError(`${name}: need at least ${minPoints} points, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`${name}: x[${i}] is not finite (${x[i]})`);
    if (i > 0 && !(x[i] > x[i - 1])) throw new RangeError(`${name}: x must be strictly increasing (x[${i - 1}] = ${x[i - 1]}, x[${i}] = ${x[i]})`);
  }
}

/** Index k with x[k] ≤ t < x[k+1], clamped to [0, n−2] (binary search). */
export function findInterval(x: ArrayLike<number>, t: number): number {
  const n = x.length;
  if (t <= x[0]) return 0;
  if (t >= x[n - 1]) return n - 2;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Piecewise-linear interpolation (NumPy `interp`): outside [x₀, x_{n−1}] the end values are held
 * unless `left`/`right` are given. x must be strictly increasing; xNew may be in any order.
 */
export function interpLinear(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  xNew: ArrayLike<number>,
  options: { left?: number; right?: number } = {},
): Float64Array {
  checkAbscissae('interpLinear', x, y, 1);
  const n = x.length;
  const out = new Float64Array(xNew.length);
  const left = options.left ?? y[0];
  const right = options.right ?? y[n - 1];
  for (let i = 0; i < xNew.length; i++) {
    const t = xNew[i];
    if (Number.isNaN(t)) out[i] = Number.NaN;
    else if (t < x[0]) out[i] = left;
    else if (t > x[n - 1]) out[i] = right;
    else if (n === 1) out[i] = y[0];
    else {
      const k = findInterval(x, t);
      const h = x[k + 1] - x[k];
      const s = (t - x[k]) / h;
      out[i] = t === x[k + 1] ? y[k + 1] : y[k] + s * (y[k + 1] - y[k]);
    }
  }
  return out;
}

/** Evaluate a cubic Hermite piece with values y0, y1 and slopes d0, d1 on [x0, x0+h]. */
function hermite(t: number, x0: number, h: number, y0: number, y1: number, d0: number, d1: number, derivative: number): number {
  const s = (t - x0) / h;
  const delta = (y1 - y0) / h;
  // y = y0 + d0·(t−x0) + c2·(t−x0)² + c3·(t−x0)³
  const c2 = (3 * delta - 2 * d0 - d1) / h;
  const c3 = (d0 + d1 - 2 * delta) / (h * h);
  const dt = s * h;
  if (derivative === 0) return y0 + dt * (d0 + dt * (c2 + dt * c3));
  if (derivative === 1) return d0 + dt * (2 * c2 + 3 * c3 * dt);
  if (derivative === 2) return 2 * c2 + 6 * c3 * dt;
  if (derivative === 3) return 6 * c3;
  return 0;
}

/** Boundary condition of {@link CubicSpline}. */
export type SplineBoundary = 'natural' | 'not-a-knot' | { clamped: [number, number] };

/**
 * Interpolating cubic spline (C²). Stores node slopes and evaluates as cubic Hermite pieces;
 * outside the data range the end pieces are extrapolated (as SciPy's `CubicSpline` does).
 */
export class CubicSpline {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** first derivatives at the nodes */
  readonly slopes: Float64Array;

  /** @param bc 'natural' (y″ = 0 at both ends; default), 'not-a-knot', or clamped end slopes */
  constructor(x: ArrayLike<number>, y: ArrayLike<number>, bc: SplineBoundary = 'natural') {
    checkAbscissae('CubicSpline', x, y, 2);
    const n = x.length;
    this.x = Float64Array.from(x);
    this.y = Float64Array.from(y);
    this.slopes = new Float64Array(n);
    const h = new Float64Array(n - 1);
    const delta = new Float64Array(n - 1);
    for (let i = 0; i < n - 1; i++) {
      h[i] = this.x[i + 1] - this.x[i];
      delta[i] = (this.y[i + 1] - this.y[i]) / h[i];
    }
    if (n === 2) {
      // a straight line unless clamped
      if (typeof bc === 'object') {
        this.slopes[0] = bc.clamped[0];
        this.slopes[1] = bc.clamped[1];
      } else this.slopes.fill(delta[0]);
      return;
    }
    if (n === 3 && bc === 'not-a-knot') {
      // not-a-knot with 3 points: the single parabola through them
      const a = (delta[1] - delta[0]) / (h[0] + h[1]);
      this.slopes[0] = delta[0] - a * h[0];
      this.slopes[1] = delta[0] + a * h[0];
      this.slopes[2] = delta[1] + a * h[1];
      return;
    }
    // tridiagonal system for the slopes s_i (continuity of y″ at interior nodes):
    // h_i s_{i−1} + 2(h_{i−1} + h_i) s_i + h_{i−1} s_{i+1} = 3(h_i δ_{i−1} + h_{i−1} δ_i)
    const sub = new Float64Array(n);
    const diag = new Float64Array(n);
    const sup = new Float64Array(n);
    const rhs = new Float64Array(n);
    for (let i = 1; i < n - 1; i++) {
      sub[i] = h[i];
      diag[i] = 2 * (h[i - 1] + h[i]);
      sup[i] = h[i - 1];
      rhs[i] = 3 * (h[i] * delta[i - 1] + h[i - 1] * delta[i]);
    }
    if (bc === 'natural') {
      diag[0] = 2;
      sup[0] = 1;
      rhs[0] = 3 * delta[0];
      sub[n - 1] = 1;
      diag[n - 1] = 2;
      rhs[n - 1] = 3 * delta[n - 2];
    } else if (bc === 'not-a-knot') {
      // y‴ continuous at x₁ and x_{n−2}
      diag[0] = h[1];
      sup[0] = h[0] + h[1];
      rhs[0] = ((h[0] + 2 * (h[0] + h[1])) * h[1] * delta[0] + h[0] * h[0] * delta[1]) / (h[0] + h[1]);
      sub[n - 1] = h[n - 2] + h[n - 3];
      diag[n - 1] = h[n - 3];
      rhs[n - 1] = (h[n - 2] * h[n - 2] * delta[n - 3] + (2 * (h[n - 2] + h[n - 3]) + h[n - 2]) * h[n - 3] * delta[n - 2]) / (h[n - 2] + h[n - 3]);
    } else {
      diag[0] = 1;
      sup[0] = 0;
      rhs[0] = bc.clamped[0];
      sub[n - 1] = 0;
      diag[n - 1] = 1;
      rhs[n - 1] = bc.clamped[1];
    }
    // Thomas algorithm
    for (let i = 1; i < n; i++) {
      const w = sub[i] / diag[i - 1];
      diag[i] -= w * sup[i - 1];
      rhs[i] -= w * rhs[i - 1];
    }
    this.slopes[n - 1] = rhs[n - 1] / diag[n - 1];
    for (let i = n - 2; i >= 0; i--) this.slopes[i] = (rhs[i] - sup[i] * this.slopes[i + 1]) / diag[i];
  }

  /** Spline values (or the `derivative`-th derivative, 0–3) at xNew. */
  evaluate(xNew: ArrayLike<number>, derivative = 0): Float64Array {
    const out = new Float64Array(xNew.length);
    const { x, y, slopes } = this;
    for (let i = 0; i < xNew.length; i++) {
      const t = xNew[i];
      const k = findInterval(x, t);
      out[i] = hermite(t, x[k], x[k + 1] - x[k], y[k], y[k + 1], slopes[k], slopes[k + 1], derivative);
    }
    return out;
  }

  /** First derivative at xNew (or the `order`-th, 1–3). */
  derivative(xNew: ArrayLike<number>, order = 1): Float64Array {
    return this.evaluate(xNew, order);
  }

  /** ∫ from x₀ to x_{n−1} of the spline (exact for the cubic pieces). */
  integral(): number {
    const { x, y, slopes } = this;
    let total = 0;
    for (let k = 0; k < x.length - 1; k++) {
      const h = x[k + 1] - x[k];
      total += (h * (y[k] + y[k + 1])) / 2 + (h * h * (slopes[k] - slopes[k + 1])) / 12;
    }
    return total;
  }
}

/** PCHIP node slopes (SciPy's `PchipInterpolator` rules). */
export function pchipSlopes(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  checkAbscissae('pchip', x, y, 2);
  const n = x.length;
  const d = new Float64Array(n);
  const h = new Float64Array(n - 1);
  const delta = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    h[i] = x[i + 1] - x[i];
    delta[i] = (y[i + 1] - y[i]) / h[i];
  }
  if (n === 2) {
    d[0] = delta[0];
    d[1] = delta[0];
    return d;
  }
  for (let k = 1; k < n - 1; k++) {
    const d0 = delta[k - 1];
    const d1 = delta[k];
    if (d0 === 0 || d1 === 0 || Math.sign(d0) !== Math.sign(d1)) d[k] = 0;
    else {
      // weighted harmonic mean (Fritsch & Butland 1984)
      const w1 = 2 * h[k] + h[k - 1];
      const w2 = h[k] + 2 * h[k - 1];
      d[k] = (w1 + w2) / (w1 / d0 + w2 / d1);
    }
  }
  // one-sided three-point ends, shape-preserving (SciPy `_edge_case`)
  const edge = (h0: number, h1: number, m0: number, m1: number): number => {
    let dd = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
    if (Math.sign(dd) !== Math.sign(m0)) dd = 0;
    else if (Math.sign(m0) !== Math.sign(m1) && Math.abs(dd) > Math.abs(3 * m0)) dd = 3 * m0;
    return dd;
  };
  d[0] = edge(h[0], h[1], delta[0], delta[1]);
  d[n - 1] = edge(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  return d;
}

/**
 * Monotone piecewise-cubic Hermite interpolation (PCHIP) at xNew; preserves monotonicity and
 * introduces no overshoot. Outside the data the end cubics are extrapolated (SciPy's default).
 * @param derivative 0 for values, 1–3 for derivatives
 */
export function pchip(x: ArrayLike<number>, y: ArrayLike<number>, xNew: ArrayLike<number>, derivative = 0): Float64Array {
  const d = pchipSlopes(x, y);
  const out = new Float64Array(xNew.length);
  for (let i = 0; i < xNew.length; i++) {
    const t = xNew[i];
    const k = findInterval(x, t);
    out[i] = hermite(t, x[k], x[k + 1] - x[k], y[k], y[k + 1], d[k], d[k + 1], derivative);
  }
  return out;
}

/** Interpolation method of {@link resample}. */
export type ResampleMethod = 'linear' | 'cubic' | 'pchip' | 'nearest';

/**
 * Resample y(x) onto xNew (e.g. a common grid). 'linear' holds end values outside the data;
 * 'cubic' (natural spline) and 'pchip' extrapolate their end pieces unless `fill` is given, in which
 * case points outside [x₀, x_{n−1}] get `fill` (use NaN to mark them).
 */
export function resample(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  xNew: ArrayLike<number>,
  method: ResampleMethod = 'linear',
  options: { fill?: number } = {},
): Float64Array {
  let out: Float64Array;
  switch (method) {
    case 'linear':
      out = interpLinear(x, y, xNew);
      break;
    case 'cubic':
      out = new CubicSpline(x, y, 'natural').evaluate(xNew);
      break;
    case 'pchip':
      out = pchip(x, y, xNew);
      break;
    case 'nearest': {
      checkAbscissae('resample', x, y, 1);
      out = new Float64Array(xNew.length);
      for (let i = 0; i < xNew.length; i++) {
        if (x.length === 1) {
          out[i] = y[0];
          continue;
        }
        const k = findInterval(x, xNew[i]);
        out[i] = xNew[i] - x[k] <= x[k + 1] - xNew[i] ? y[k] : y[k + 1];
      }
      break;
    }
    default:
      throw new RangeError(`resample: unknown method "${method as string}" (expected linear, cubic, pchip or nearest)`);
  }
  if (options.fill !== undefined) {
    const lo = x[0];
    const hi = x[x.length - 1];
    for (let i = 0; i < xNew.length; i++) if (xNew[i] < lo || xNew[i] > hi) out[i] = options.fill;
  }
  return out;
}
