/**
 * Automatic peak search on a powder pattern: the background (SNIP) is removed, the net signal is
 * lightly smoothed, and local maxima are kept when their net height exceeds `minSignificance`
 * standard deviations of the counting noise (σ = √max(y, 1), or the given σ) and `minRelativeHeight`
 * of the strongest peak; maxima closer than `minSeparation` are merged into the higher one.
 * Each peak gets a FWHM estimate from the half-maximum crossings of the net signal.
 */
import { kAlpha2Position } from '../models/profiles';
import { estimateBackground } from '../processing/background';
import { binomialSmooth } from '../processing/smooth';

export interface FoundPeak {
  index: number;
  position: number;
  /** Net height above background. */
  height: number;
  background: number;
  fwhm: number;
  /** Net height / σ. */
  significance: number;
}

export interface PeakSearchOptions {
  minSignificance?: number;
  minRelativeHeight?: number;
  /** In x units; default 3 points. */
  minSeparation?: number;
  snipIterations?: number;
  sigma?: Float64Array;
  background?: Float64Array;
  /** When given, maxima at the Kα2 position of a stronger peak (and weaker than R + 0.25 of it) are dropped. */
  kAlpha2?: { lambdaRatio: number; intensityRatio: number };
}

export function searchPeaks(x: Float64Array, y: Float64Array, options: PeakSearchOptions = {}): { peaks: FoundPeak[]; background: Float64Array } {
  const n = y.length;
  const step = n > 1 ? Math.abs(((x[n - 1] as number) - (x[0] as number)) / (n - 1)) : 1;
  const bg = options.background ?? estimateBackground(x, y, { method: 'snip', iterations: options.snipIterations ?? Math.max(10, Math.round(0.6 / step)) });
  const net = new Float64Array(n);
  for (let i = 0; i < n; i++) net[i] = (y[i] as number) - (bg[i] as number);
  const s = binomialSmooth(net, 2);
  const minSig = options.minSignificance ?? 5;
  const minSep = options.minSeparation ?? 3 * step;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, s[i] as number);
  const minHeight = (options.minRelativeHeight ?? 0.005) * max;
  const candidates: FoundPeak[] = [];
  for (let i = 1; i < n - 1; i++) {
    const v = s[i] as number;
    if (!(v > (s[i - 1] as number) && v >= (s[i + 1] as number))) continue;
    const sigma = options.sigma ? (options.sigma[i] as number) : Math.sqrt(Math.max(y[i] as number, 1));
    const significance = v / Math.max(sigma, 1e-12);
    if (significance < minSig || v < minHeight) continue;
    // Half-maximum crossings with linear interpolation.
    const half = v / 2;
    let l = i;
    while (l > 0 && (s[l] as number) > half) l--;
    let r = i;
    while (r < n - 1 && (s[r] as number) > half) r++;
    const xl = interpCross(x, s, l, l + 1, half);
    const xr = interpCross(x, s, r - 1, r, half);
    // Parabolic refinement of the maximum position.
    const a = s[i - 1] as number;
    const c = s[i + 1] as number;
    const den = a - 2 * v + c;
    const shift = den !== 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0;
    const position = (x[i] as number) + shift * ((x[i + 1] as number) - (x[i - 1] as number)) * 0.5;
    candidates.push({ index: i, position, height: v, background: bg[i] as number, fwhm: Math.abs(xr - xl), significance });
  }
  candidates.sort((p, q) => q.height - p.height);
  const kept: FoundPeak[] = [];
  for (const c of candidates) if (!kept.some((k) => Math.abs(k.position - c.position) < minSep)) kept.push(c);
  kept.sort((p, q) => p.position - q.position);
  const d = options.kAlpha2;
  const result = d
    ? kept.filter(
        (p) =>
          !kept.some(
            (q) =>
              q !== p &&
              q.height > p.height &&
              p.height < (d.intensityRatio + 0.25) * q.height &&
              Math.abs(kAlpha2Position(q.position, d.lambdaRatio) - p.position) < Math.max(q.fwhm / 2, 2 * step),
          ),
      )
    : kept;
  return { peaks: result, background: bg };
}

function interpCross(x: Float64Array, s: Float64Array, i: number, j: number, level: number): number {
  const yi = s[i] as number;
  const yj = s[j] as number;
  if (yj === yi) return x[i] as number;
  return (x[i] as number) + ((level - yi) / (yj - yi)) * ((x[j] as number) - (x[i] as number));
}
