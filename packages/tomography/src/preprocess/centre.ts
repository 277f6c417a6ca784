/**
 * Automatic rotation-centre estimation for parallel-beam scans.
 *
 * 1. Opposite projections: the projection at θ + 180° is the mirror image of the one at θ about
 *    the rotation axis. Cross-correlating the 0° projection with the flipped 180° projection
 *    (summed over the chosen rows) gives the shift s, and the axis sits at ((N − 1) + s)/2; the
 *    integer peak is refined to 0.01 px by minimising the squared difference under a fractional
 *    (linearly interpolated) shift. Fast, needs a 180° pair.
 * 2. Image-quality search (Donath et al. 2006, J. Opt. Soc. Am. A 23, 1048): reconstruct one slice
 *    for candidate centres and keep the one whose reconstruction has the lowest histogram entropy
 *    (a wrong centre smears edges into arcs, which spreads the grey values). A coarse 1-px scan
 *    over ±`range` is refined on a 0.25-px grid and by a parabola.
 */
import { FbpPlan } from '../recon/fbp';

export interface CentreEstimate {
  centre: number;
  method: 'correlation' | 'entropy';
  /** the score curve for reports: candidate centres and their scores */
  candidates?: { centre: number; score: number }[];
  /** angles of the projection pair (rad) for the correlation method */
  pair?: [number, number];
}

function nearestAngle(theta: Float64Array, target: number): number {
  let best = 0;
  let dist = Number.POSITIVE_INFINITY;
  theta.forEach((t, i) => {
    // compare modulo 2π
    const d = Math.abs(Math.atan2(Math.sin(t - target), Math.cos(t - target)));
    if (d < dist) {
      dist = d;
      best = i;
    }
  });
  return best;
}

/**
 * Centre from the projections nearest to 0 and 180° (attenuation data, angles × rows × cols).
 * `rows` selects the detector rows to sum (default all).
 */
export function centreByCorrelation(
  data: ArrayLike<number>,
  shape: readonly [number, number, number],
  theta: Float64Array,
  rows?: [number, number],
): CentreEstimate {
  const [, nr, nc] = shape;
  const i0 = nearestAngle(theta, theta[0] as number);
  const i180 = nearestAngle(theta, (theta[0] as number) + Math.PI);
  const [r0, r1] = rows ?? [0, nr];
  const a = new Float64Array(nc);
  const b = new Float64Array(nc);
  for (let r = r0; r < r1; r++) {
    for (let k = 0; k < nc; k++) {
      a[k] += data[(i0 * nr + r) * nc + k] as number;
      b[nc - 1 - k] += data[(i180 * nr + r) * nc + k] as number;
    }
  }
  // subtract means so that the overlap length does not bias the peak
  const ma = a.reduce((s, v) => s + v, 0) / nc;
  const mb = b.reduce((s, v) => s + v, 0) / nc;
  const maxShift = nc >> 1;
  const scores = new Float64Array(2 * maxShift + 1);
  for (let s = -maxShift; s <= maxShift; s++) {
    let acc = 0;
    let cnt = 0;
    for (let k = Math.max(0, s); k < Math.min(nc, nc + s); k++) {
      acc += ((a[k] as number) - ma) * ((b[k - s] as number) - mb);
      cnt++;
    }
    scores[s + maxShift] = cnt > nc / 4 ? acc / cnt : Number.NEGATIVE_INFINITY;
  }
  let best = 0;
  for (let i = 1; i < scores.length; i++) if ((scores[i] as number) > (scores[best] as number)) best = i;
  // sub-pixel: minimise the mean squared difference between a and b shifted by a fractional s
  // (linear interpolation), which is unbiased where a parabola through correlation peaks is not
  const msd = (s: number) => {
    let acc = 0;
    let cnt = 0;
    for (let k = 0; k < nc; k++) {
      const x = k - s;
      const i = Math.floor(x);
      if (i < 0 || i + 1 >= nc) continue;
      const f = x - i;
      const bv = (1 - f) * (b[i] as number) + f * (b[i + 1] as number) - mb;
      const d = (a[k] as number) - ma - bv;
      acc += d * d;
      cnt++;
    }
    return cnt > 0 ? acc / cnt : Number.POSITIVE_INFINITY;
  };
  let shift = best - maxShift;
  let bestMsd = msd(shift);
  const centreShift = shift;
  for (let s = centreShift - 1; s <= centreShift + 1 + 1e-9; s += 0.01) {
    const m = msd(s);
    if (m < bestMsd) {
      bestMsd = m;
      shift = s;
    }
  }
  return { centre: (nc - 1 + shift) / 2, method: 'correlation', pair: [theta[i0] as number, theta[i180] as number] };
}

/** Shannon entropy of the grey-value histogram of the inscribed circle (fixed bins and range). */
function histogramEntropy(img: ArrayLike<number>, n: number, lo: number, hi: number, bins: number): number {
  const hist = new Float64Array(bins);
  const c = n >> 1;
  const r2 = (0.9 * c) ** 2;
  let total = 0;
  const scale = bins / (hi - lo);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if ((i - c) ** 2 + (j - c) ** 2 > r2) continue;
      let k = Math.floor(((img[i * n + j] as number) - lo) * scale);
      k = k < 0 ? 0 : k >= bins ? bins - 1 : k;
      hist[k]++;
      total++;
    }
  let h = 0;
  for (let k = 0; k < bins; k++) {
    const p = (hist[k] as number) / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

export interface EntropySearchOptions {
  /** search ±range pixels around `guess` (default a quarter of the detector) */
  range?: number;
  guess?: number;
  /** number of histogram bins (default 256) */
  bins?: number;
  /** reconstruct only every `angleStep`-th projection during the search (default: ≤ 360 angles) */
  angleStep?: number;
}

/**
 * Centre by minimum reconstruction entropy for one sinogram (angles × detector, attenuation).
 */
export function centreByEntropy(sino: ArrayLike<number>, theta: Float64Array, nDetector: number, options: EntropySearchOptions = {}): CentreEstimate {
  const step = options.angleStep ?? Math.max(1, Math.ceil(theta.length / 360));
  const keep = Array.from({ length: Math.ceil(theta.length / step) }, (_, i) => i * step);
  const th = Float64Array.from(keep, (i) => theta[i] as number);
  const sub = new Float64Array(keep.length * nDetector);
  keep.forEach((a, i) => {
    for (let k = 0; k < nDetector; k++) sub[i * nDetector + k] = sino[a * nDetector + k] as number;
  });
  const guess = options.guess ?? (nDetector - 1) / 2;
  const range = options.range ?? Math.floor(nDetector / 4);
  const bins = options.bins ?? 256;
  // the output grid: a square around the guessed axis that stays inside the detector
  const size = Math.max(16, 2 * Math.floor(Math.min(guess, nDetector - 1 - guess) * 0.9));
  const plan = new FbpPlan(th, nDetector, { centre: guess, size, filter: 'shepp-logan', centreRange: [guess - range - 2, guess + range + 2] });
  plan.filter(sub);
  const image = new Float64Array(size * size);
  const reconstruct = (c: number) => plan.backprojectAt(c, image);
  // fixed histogram range from the reconstruction at the guess, widened
  const first = reconstruct(guess);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of first) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = 0.25 * (hi - lo || 1);
  lo -= pad;
  hi += pad;
  const candidates: { centre: number; score: number }[] = [];
  const score = (c: number) => {
    const s = histogramEntropy(reconstruct(c), size, lo, hi, bins);
    candidates.push({ centre: c, score: s });
    return s;
  };
  let best = guess;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let c = Math.ceil(guess - range); c <= guess + range; c += 1) {
    const s = score(c);
    if (s < bestScore) {
      bestScore = s;
      best = c;
    }
  }
  const coarse = best;
  for (let c = coarse - 1; c <= coarse + 1 + 1e-9; c += 0.25) {
    if (Math.abs(c - coarse) < 1e-9) continue;
    const s = score(c);
    if (s < bestScore) {
      bestScore = s;
      best = c;
    }
  }
  candidates.sort((p, q) => p.centre - q.centre);
  return { centre: best, method: 'entropy', candidates };
}
