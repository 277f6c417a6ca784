/**
 * Fitting one expected peak inside a window of a background-subtracted pattern, as peak tracking and
 * sequential lattice refinement need it, with two safeguards a bare single-peak fit lacks:
 *
 * - Neighbours: other significant maxima in the window (a second phase's reflection growing next to
 *   the tracked one) are fitted together with it, so the target cannot slide onto a neighbour or
 *   widen into a blend of both.
 * - Detection: the target counts as found only when its fitted area exceeds `minAreaSigma` standard
 *   errors (3σ, the usual detection limit), its FWHM is at least one 2θ step (narrower is a noise
 *   spike, not a resolvable peak) and it stays within `maxShift` of where it was expected. A vanished
 *   peak drives the area to its bound 0, where centre, width and η no longer change the model and
 *   their errors are undefined (NaN); that is reported as `absent` with the reason and an area
 *   estimate ± σ with the profile held at the expected shape (a linear fit), never as a bare NaN.
 */
import { type LinearFit, weightedLinearFit } from '@ionscope/numerics';
import type { ProfileShape } from '../models/profiles';
import { type Doublet, evaluateProfileModel, type FittedPeak, type FittedValue, fitProfile, type PeakStart, type ProfileFitResult } from './fit';
import { searchPeaks } from './search';

export interface WindowTarget {
  /** Where the peak is expected (°): the previous pattern's position, or a predicted reflection. */
  expected: number;
  /** Start from the nearest significant maximum within this distance of `expected` instead of `expected` itself. */
  searchRadius?: number;
  /** With `searchRadius`: no maximum there means the peak is absent (true), or fit from `expected` anyway (false, default). */
  requireMaximum?: boolean;
  /** Warm start: FWHM, area and shape parameters from the previous fit. */
  fwhm?: number;
  area?: number;
  shape?: number[];
}

export interface WindowFitOptions {
  shape: ProfileShape;
  /** The fit window (°). */
  range: [number, number];
  doublet?: Doublet;
  /** Largest accepted distance between the fitted centre and `expected` (°). */
  maxShift: number;
  /** Significance (net height / σ, smoothed) of a maximum to count as a neighbour or start (and ≥ 10 % of the window's strongest); default 5. */
  minSignificance?: number;
  /** Area / σ(area) needed for the target to count as detected; default 3. */
  minAreaSigma?: number;
  maxIterations?: number;
}

export type WindowFitStatus = 'fitted' | 'absent' | 'failed';

export interface WindowFitResult {
  status: WindowFitStatus;
  /** Why the target is not `fitted` (empty when it is). */
  reason: string;
  /** The fitted target (only when `fitted`). */
  peak?: FittedPeak;
  /** Area ± σ: the fitted one, or for an absent peak the linear estimate at the expected profile. */
  area: FittedValue;
  /** Other peaks fitted in the window alongside the target. */
  neighbours: number;
  fit?: ProfileFitResult;
}

const DEFAULT_ETA = 0.5;

export function fitPeakInWindow(x: Float64Array, net: Float64Array, sigma: Float64Array, target: WindowTarget, options: WindowFitOptions): WindowFitResult {
  const [lo, hi] = options.range;
  let i0 = 0;
  while (i0 < x.length && (x[i0] as number) < lo) i0++;
  let i1 = i0;
  while (i1 < x.length && (x[i1] as number) <= hi) i1++;
  const nan: FittedValue = { value: Number.NaN, stderr: Number.NaN };
  if (i1 - i0 < 8) return { status: 'failed', reason: `the window ${lo.toFixed(2)}–${hi.toFixed(2)}° holds ${i1 - i0} points`, area: nan, neighbours: 0 };
  const xw = x.subarray(i0, i1);
  const step = ((xw[xw.length - 1] as number) - (xw[0] as number)) / (xw.length - 1);
  const found = searchPeaks(xw, net.subarray(i0, i1), {
    background: new Float64Array(i1 - i0),
    sigma: sigma.subarray(i0, i1),
    minSignificance: options.minSignificance ?? 5,
    // SNIP runs along the lower envelope of the noise, so a few "5σ" maxima are noise; those below a
    // tenth of the window's strongest peak would not pull the target anyway.
    minRelativeHeight: 0.1,
    ...(options.doublet ? { kAlpha2: options.doublet } : {}),
  }).peaks;

  let start = target.expected;
  if (target.searchRadius !== undefined) {
    let best: number | undefined;
    for (const p of found)
      if (
        Math.abs(p.position - target.expected) <= target.searchRadius &&
        (best === undefined || Math.abs(p.position - target.expected) < Math.abs(best - target.expected))
      )
        best = p.position;
    if (best === undefined && target.requireMaximum)
      return absent(
        x,
        net,
        sigma,
        i0,
        i1,
        target,
        options,
        `no significant maximum within ${target.searchRadius}° of ${target.expected.toFixed(3)}°`,
        [],
        undefined,
      );
    if (best !== undefined) start = best;
  }
  const width = target.fwhm ?? Math.max(3 * step, (hi - lo) / 10);
  // Maxima farther than ~one FWHM from the target are other peaks, to be fitted alongside it.
  const extras: PeakStart[] = found
    .filter((p) => Math.abs(p.position - start) > Math.max(width, 2 * step))
    // Peaks in one narrow window have about the same width; the half-maximum width of a blend is not a start.
    .map((p) => ({ center: p.position, fwhm: width, centerRange: [p.position - width / 2, p.position + width / 2] as [number, number], maxFwhm: 3 * width }));
  // Warm start from the previous position and width. Not from its area (when a neighbour is now fitted
  // separately, the previous area holds both and the optimiser wanders), and with a shape parameter
  // that sat on its bound moved inside, where it has a gradient again.
  // Bounds keep each peak near its own start: an absent target cannot wander off to a neighbour's
  // place or widen into the background, and a neighbour cannot take the target's place.
  const peaks: PeakStart[] = [
    {
      center: start,
      fwhm: width,
      centerRange: [target.expected - options.maxShift, target.expected + options.maxShift],
      maxFwhm: 3 * width,
      ...(target.shape ? { shape: target.shape.map(insideBounds) } : {}),
    },
    ...extras,
  ];
  let fit: ProfileFitResult;
  try {
    fit = fitProfile(x, net, {
      shape: options.shape,
      peaks,
      range: options.range,
      sigma,
      backgroundOrder: 0,
      ...(options.doublet ? { doublet: options.doublet } : {}),
      maxIterations: options.maxIterations ?? 100,
    });
  } catch (error) {
    return { status: 'failed', reason: `fit failed: ${(error as Error).message}`, area: nan, neighbours: extras.length };
  }
  const pk = fit.peaks[0] as FittedPeak;
  const minAreaSigma = options.minAreaSigma ?? 3;
  const others = fit.peaks.slice(1);
  let why = '';
  if (!(pk.area.value > 0) || !Number.isFinite(pk.area.stderr) || pk.area.value <= minAreaSigma * pk.area.stderr)
    why =
      pk.area.value <= 0
        ? `area at its bound 0 (no peak; position and width undefined, ${fit.reason})`
        : Number.isFinite(pk.area.stderr)
          ? `area ${fmt(pk.area.value)} ± ${fmt(pk.area.stderr)} is below ${minAreaSigma}σ`
          : `area ${fmt(pk.area.value)} with an undefined error (${fit.reason})`;
  else if (!Number.isFinite(pk.center.stderr) || !Number.isFinite(pk.fwhm.stderr)) why = `position or width undetermined (${fit.reason})`;
  else if (pk.fwhm.value < step) why = `FWHM ${pk.fwhm.value.toFixed(4)}° is narrower than the ${step.toFixed(4)}° step (a noise spike)`;
  else if (Math.abs(pk.center.value - target.expected) > options.maxShift)
    why = `fitted at ${pk.center.value.toFixed(3)}°, ${Math.abs(pk.center.value - target.expected).toFixed(3)}° from the expected ${target.expected.toFixed(3)}° (more than ${options.maxShift}°)`;
  if (!why) return { status: 'fitted', reason: '', peak: pk, area: pk.area, neighbours: extras.length, fit };
  return absent(x, net, sigma, i0, i1, target, options, why, others, fit);
}

/**
 * The target was not detected: its area with centre, FWHM and shape held at the expected values and
 * the neighbours at their fitted profiles, by weighted linear least squares (constant + amplitudes).
 */
function absent(
  x: Float64Array,
  net: Float64Array,
  sigma: Float64Array,
  i0: number,
  i1: number,
  target: WindowTarget,
  options: WindowFitOptions,
  reason: string,
  neighbours: FittedPeak[],
  fit: ProfileFitResult | undefined,
): WindowFitResult {
  const m = i1 - i0;
  const xw = x.subarray(i0, i1);
  const step = ((xw[m - 1] as number) - (xw[0] as number)) / (m - 1);
  const profiles = [
    { center: target.expected, fwhm: target.fwhm ?? 4 * step, shape: target.shape ?? (options.shape === 'pseudo-voigt' ? [DEFAULT_ETA] : []) },
    ...neighbours.map((p) => ({ center: p.center.value, fwhm: p.fwhm.value, shape: Object.values(p.shape).map((s) => s.value) })),
  ];
  const n = 1 + profiles.length;
  const A = new Float64Array(m * n);
  const column = new Float64Array(m);
  profiles.forEach((p, k) => {
    evaluateProfileModel(options.shape, 1, 0, 0, options.doublet, [0, p.center, p.fwhm, 1, ...p.shape], xw, column);
    for (let i = 0; i < m; i++) A[i * n + 1 + k] = column[i] as number;
  });
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    A[i * n] = 1;
    w[i] = 1 / Math.max(sigma[i0 + i] as number, 1e-12) ** 2;
  }
  let lin: LinearFit | undefined;
  try {
    lin = weightedLinearFit(A, m, n, net.subarray(i0, i1), w);
  } catch {
    lin = undefined;
  }
  const area = lin ? { value: lin.params[1] as number, stderr: lin.stderr[1] as number } : { value: Number.NaN, stderr: Number.NaN };
  return {
    status: 'absent',
    reason,
    area,
    neighbours: neighbours.length,
    ...(fit ? { fit } : {}),
  };
}

/** η ∈ [0, 1] (pseudo-Voigt) moved 5 % inside; other shape parameters unchanged. */
function insideBounds(v: number): number {
  return v >= 0 && v <= 1 ? Math.min(0.95, Math.max(0.05, v)) : v;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(3) : String(v);
}
