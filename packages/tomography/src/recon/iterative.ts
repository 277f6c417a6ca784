/**
 * Iterative reconstruction with a matched projector pair: the forward projector spreads each pixel
 * onto the two nearest detector bins with linear-interpolation weights, which is exactly the
 * transpose of the back-projector of recon/backproject.ts, so AᵀA is symmetric as CGLS needs.
 *
 * - CGLS: conjugate gradients on the normal equations AᵀA x = Aᵀb (Hestenes & Stiefel 1952;
 *   Björck 1996, "Numerical Methods for Least Squares Problems", §7.4); the iteration count is the
 *   regularisation (stop early on noisy data).
 * - SIRT: x ← x + C·Aᵀ·R·(b − A x) with R, C the inverse row and column sums of A (Gilbert 1972;
 *   Gregor & Benson 2008 for this form), optionally clamped to x ≥ 0.
 *
 * Both work on one slice at a time on the inscribed circle; sinograms are angles × detector.
 */
import { backprojectGeometry, backprojectPairs, type BackprojectGeometry } from './backproject';

/** sino (angles × nDetector) = A·image (image n × n, row-major). */
export function forwardProject(g: BackprojectGeometry, image: ArrayLike<number>, nDetector: number, sino: Float64Array, line: Float64Array): void {
  const { n, cos, sin, width, first, last, offset } = g;
  const c = Math.floor(n / 2);
  const shift = g.centre + offset;
  sino.fill(0);
  for (let a = 0; a < cos.length; a++) {
    const ca = cos[a] as number;
    const sa = sin[a] as number;
    line.fill(0, 0, width + 1);
    for (let i = 0; i < n; i++) {
      const t = -c * ca + (c - i) * sa + shift;
      for (let j = first[i] as number; j <= (last[i] as number); j++) {
        const v = image[i * n + j] as number;
        if (v === 0) continue;
        const u = t + j * ca;
        const k = u | 0;
        const f = u - k;
        line[k] += (1 - f) * v;
        line[k + 1] += f * v;
      }
    }
    const row = a * nDetector;
    for (let d = 0; d < nDetector; d++) sino[row + d] = line[d + offset] as number;
  }
}

/** Packs raw (unfiltered) projections into the back-projector's pairs, zero outside the detector. */
function packRaw(g: BackprojectGeometry, sino: ArrayLike<number>, nDetector: number, pairs: Float64Array, scale = 1): void {
  const w = g.width;
  for (let a = 0; a < g.cos.length; a++) {
    const base = 2 * a * w;
    const row = a * nDetector;
    for (let p = 0; p < w; p++) {
      const k = p - g.offset;
      const v = k >= 0 && k < nDetector ? (sino[row + k] as number) * scale : 0;
      const next = k + 1 >= 0 && k + 1 < nDetector ? (sino[row + k + 1] as number) * scale : 0;
      pairs[base + 2 * p] = v;
      pairs[base + 2 * p + 1] = next - v;
    }
  }
}

export interface IterativeOptions {
  iterations?: number;
  centre?: number;
  size?: number;
  /** SIRT only: clamp to x ≥ 0 after each update */
  nonNegative?: boolean;
  /** called after each iteration with the residual norm ‖b − A x‖ */
  onIteration?: (iteration: number, residualNorm: number) => void;
}

export interface IterativeResult {
  image: Float64Array;
  iterations: number;
  residualNorms: number[];
}

function setup(theta: Float64Array, nDetector: number, options: IterativeOptions) {
  const n = options.size ?? nDetector;
  const g = backprojectGeometry(n, theta, nDetector, options.centre ?? Math.floor(nDetector / 2), true);
  const pairs = new Float64Array(2 * g.width * theta.length);
  const line = new Float64Array(g.width + 2);
  const A = (x: ArrayLike<number>, out: Float64Array) => forwardProject(g, x, nDetector, out, line);
  const At = (y: ArrayLike<number>, out: Float64Array) => {
    packRaw(g, y, nDetector, pairs);
    out.fill(0);
    backprojectPairs(g, pairs, out);
  };
  return { n, g, A, At };
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return s;
}

/** CGLS reconstruction of one sinogram (angles × detector). */
export function cgls(sino: ArrayLike<number>, theta: Float64Array, nDetector: number, options: IterativeOptions = {}): IterativeResult {
  const { n, A, At } = setup(theta, nDetector, options);
  const iterations = options.iterations ?? 20;
  const m = theta.length * nDetector;
  const x = new Float64Array(n * n);
  const r = Float64Array.from({ length: m }, (_, i) => sino[i] as number);
  const s = new Float64Array(n * n);
  const q = new Float64Array(m);
  At(r, s);
  const p = s.slice();
  let gamma = norm2(s);
  const residualNorms: number[] = [];
  let it = 0;
  for (; it < iterations && gamma > 0; it++) {
    A(p, q);
    const qq = norm2(q);
    if (qq === 0) break;
    const alpha = gamma / qq;
    for (let i = 0; i < x.length; i++) x[i] += alpha * (p[i] as number);
    for (let i = 0; i < m; i++) r[i] -= alpha * (q[i] as number);
    At(r, s);
    const gNew = norm2(s);
    const beta = gNew / gamma;
    gamma = gNew;
    for (let i = 0; i < p.length; i++) p[i] = (s[i] as number) + beta * (p[i] as number);
    const rn = Math.sqrt(norm2(r));
    residualNorms.push(rn);
    options.onIteration?.(it + 1, rn);
  }
  return { image: x, iterations: it, residualNorms };
}

/** SIRT reconstruction of one sinogram (angles × detector). */
export function sirt(sino: ArrayLike<number>, theta: Float64Array, nDetector: number, options: IterativeOptions = {}): IterativeResult {
  const { n, g, A, At } = setup(theta, nDetector, options);
  const iterations = options.iterations ?? 100;
  const m = theta.length * nDetector;
  const ones = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = g.first[i] as number; j <= (g.last[i] as number); j++) ones[i * n + j] = 1;
  const rowSums = new Float64Array(m);
  A(ones, rowSums);
  const colSums = new Float64Array(n * n);
  At(new Float64Array(m).fill(1), colSums);
  const x = new Float64Array(n * n);
  const r = new Float64Array(m);
  const u = new Float64Array(n * n);
  const residualNorms: number[] = [];
  for (let it = 0; it < iterations; it++) {
    A(x, r);
    let rn = 0;
    for (let i = 0; i < m; i++) {
      const d = (sino[i] as number) - (r[i] as number);
      rn += d * d;
      r[i] = (rowSums[i] as number) > 0 ? d / (rowSums[i] as number) : 0;
    }
    residualNorms.push(Math.sqrt(rn));
    options.onIteration?.(it + 1, Math.sqrt(rn));
    At(r, u);
    for (let i = 0; i < x.length; i++) {
      const cs = colSums[i] as number;
      if (cs > 0) {
        let v = (x[i] as number) + (u[i] as number) / cs;
        if (options.nonNegative && v < 0) v = 0;
        x[i] = v;
      }
    }
  }
  return { image: x, iterations, residualNorms };
}
