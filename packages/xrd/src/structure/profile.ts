/**
 * Turns a stick pattern into a continuous profile on a 2θ grid: each stick becomes a unit-area
 * pseudo-Voigt (FWHM constant or from Caglioti U, V, W; mixing η), optionally with its Kα2 twin at
 * sin θ₂ = (λ₂/λ₁)·sin θ₁ and intensity ratio R. Peaks are evaluated within ±`cutoff`·FWHM only.
 */
import { kAlpha2Position, profileValue } from '../models/profiles';
import { type Caglioti, cagliotiFwhm } from '../peaks/size-strain';

export interface StickProfileOptions {
  fwhm?: number;
  caglioti?: Caglioti;
  eta?: number;
  kAlpha2?: { lambdaRatio: number; intensityRatio: number };
  /** Half-width of the evaluation window in FWHMs (default 25). */
  cutoff?: number;
  /** 2θ shift added to every stick (zero error / strain search). */
  shift?: number;
  /** Scales 2θ positions as for a uniformly strained cell: sin θ' = sin θ / (1 + strain). */
  strain?: number;
}

export function stickProfile(
  x: Float64Array,
  sticks: { twoTheta: number; intensity: number }[],
  options: StickProfileOptions = {},
  out = new Float64Array(x.length),
): Float64Array {
  out.fill(0);
  const eta = options.eta ?? 0.5;
  const cutoff = options.cutoff ?? 25;
  const sp = [eta];
  const n = x.length;
  const x0 = x[0] as number;
  const step = n > 1 ? ((x[n - 1] as number) - x0) / (n - 1) : 1;
  const add = (centre: number, area: number, w: number) => {
    if (!Number.isFinite(centre)) return;
    const lo = Math.max(0, Math.floor((centre - cutoff * w - x0) / step));
    const hi = Math.min(n - 1, Math.ceil((centre + cutoff * w - x0) / step));
    for (let i = lo; i <= hi; i++) out[i] = (out[i] as number) + area * profileValue('pseudo-voigt', (x[i] as number) - centre, w, sp);
  };
  for (const s of sticks) {
    let t = s.twoTheta;
    if (options.strain) t = (360 / Math.PI) * Math.asin(Math.min(1, Math.sin((t * Math.PI) / 360) / (1 + options.strain)));
    t += options.shift ?? 0;
    const w = options.caglioti ? cagliotiFwhm(options.caglioti, t) : (options.fwhm ?? 0.1);
    add(t, s.intensity, w);
    if (options.kAlpha2) add(kAlpha2Position(t, options.kAlpha2.lambdaRatio), s.intensity * options.kAlpha2.intensityRatio, w);
  }
  return out;
}
