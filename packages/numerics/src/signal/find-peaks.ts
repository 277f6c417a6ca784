/**
 * Peak finding with SciPy's `scipy.signal.find_peaks` semantics: local maxima (a flat top counts
 * once, at its middle sample, rounded down), then filters applied in SciPy's order (height,
 * distance, prominence, width). Prominence follows the topographic definition (the height above the
 * higher of the two lowest points reached before meeting higher ground on each side); widths are
 * measured at `relHeight` (default ½) of the prominence below the peak, with linear interpolation
 * between samples, as `peak_widths` does.
 */

/** A detected peak. Positions and widths are in x units when `x` was given, else in samples. */
export interface Peak {
  /** sample index of the maximum */
  index: number;
  /** x[index] (or index) */
  position: number;
  /** y[index] */
  height: number;
  prominence: number;
  /** width at relHeight·prominence below the peak (x units if x given, else samples) */
  widthAtHalf: number;
  /** width in samples (interpolated) */
  widthSamples: number;
  /** y level at which the width was measured */
  widthHeight: number;
  /** interpolated sample positions where the width level is crossed */
  leftIps: number;
  rightIps: number;
  /** sample indices of the bases used for the prominence */
  leftBase: number;
  rightBase: number;
}

/** A bound: a minimum, or [min, max] (either may be null). */
export type Bound = number | [number | null, number | null];

/** Options of {@link findPeaks} (SciPy `find_peaks` names; widths and distances in samples). */
export interface FindPeaksOptions {
  /** required peak height */
  height?: Bound;
  /** minimal horizontal distance in samples between neighbouring peaks (≥ 1); smaller peaks are removed first */
  distance?: number;
  /** required prominence */
  prominence?: Bound;
  /** required width in samples (at relHeight) */
  width?: Bound;
  /** relative height at which widths are measured; default 0.5 */
  relHeight?: number;
  /** sample positions (strictly increasing) for `position` and `widthAtHalf` */
  x?: ArrayLike<number>;
}

function inBound(value: number, bound: Bound | undefined): boolean {
  if (bound === undefined) return true;
  const [lo, hi] = typeof bound === 'number' ? [bound, null] : bound;
  return (lo === null || value >= lo) && (hi === null || value <= hi);
}

/** Local maxima, plateau midpoints rounded down (SciPy `_local_maxima_1d`). */
export function localMaxima(y: ArrayLike<number>): number[] {
  const peaks: number[] = [];
  const n = y.length;
  let i = 1;
  while (i < n - 1) {
    if (y[i - 1] < y[i]) {
      let ahead = i + 1;
      while (ahead < n - 1 && y[ahead] === y[i]) ahead++;
      if (y[ahead] < y[i]) {
        peaks.push((i + ahead - 1) >> 1);
        i = ahead;
        continue;
      }
    }
    i++;
  }
  return peaks;
}

/** Prominence and bases of one peak (SciPy `_peak_prominences`, no window). */
export function peakProminence(y: ArrayLike<number>, peak: number): { prominence: number; leftBase: number; rightBase: number } {
  const top = y[peak];
  let leftMin = top;
  let leftBase = peak;
  for (let i = peak; i >= 0 && y[i] <= top; i--) {
    if (y[i] < leftMin) {
      leftMin = y[i];
      leftBase = i;
    }
  }
  let rightMin = top;
  let rightBase = peak;
  for (let i = peak; i < y.length && y[i] <= top; i++) {
    if (y[i] < rightMin) {
      rightMin = y[i];
      rightBase = i;
    }
  }
  return { prominence: top - Math.max(leftMin, rightMin), leftBase, rightBase };
}

/** Width of one peak at relHeight of its prominence (SciPy `_peak_widths`). */
export function peakWidth(
  y: ArrayLike<number>,
  peak: number,
  prominence: number,
  leftBase: number,
  rightBase: number,
  relHeight = 0.5,
): { width: number; widthHeight: number; leftIps: number; rightIps: number } {
  const height = y[peak] - prominence * relHeight;
  let i = peak;
  while (leftBase < i && height < y[i]) i--;
  let leftIps = i;
  if (y[i] < height) leftIps += (height - y[i]) / (y[i + 1] - y[i]);
  i = peak;
  while (i < rightBase && height < y[i]) i++;
  let rightIps = i;
  if (y[i] < height) rightIps -= (height - y[i]) / (y[i - 1] - y[i]);
  return { width: rightIps - leftIps, widthHeight: height, leftIps, rightIps };
}

function positionAt(x: ArrayLike<number> | undefined, ips: number): number {
  if (x === undefined) return ips;
  const k = Math.min(Math.max(Math.floor(ips), 0), x.length - 2);
  if (x.length === 1) return x[0];
  return x[k] + (ips - k) * (x[k + 1] - x[k]);
}

/**
 * Find peaks in y (SciPy `find_peaks` semantics, with prominences and widths always reported).
 * @returns peaks in increasing index order
 */
export function findPeaks(y: ArrayLike<number>, options: FindPeaksOptions = {}): Peak[] {
  const n = y.length;
  const x = options.x;
  if (x !== undefined && x.length !== n) throw new RangeError(`findPeaks: x has ${x.length} values but y has ${n}`);
  for (let i = 0; i < n; i++) if (Number.isNaN(y[i])) throw new RangeError(`findPeaks: y[${i}] is NaN`);
  const relHeight = options.relHeight ?? 0.5;
  if (!(relHeight >= 0)) throw new RangeError(`findPeaks: relHeight must be ≥ 0, got ${relHeight}`);
  let peaks = localMaxima(y).filter((p) => inBound(y[p], options.height));
  if (options.distance !== undefined) {
    if (!(options.distance >= 1)) throw new RangeError(`findPeaks: distance must be ≥ 1, got ${options.distance}`);
    const distance = Math.ceil(options.distance);
    const keep = peaks.map(() => true);
    // highest first (stable for equal heights: later index first, as SciPy's loop runs backwards)
    const order = peaks.map((_, k) => k).sort((a, b) => y[peaks[a]] - y[peaks[b]] || a - b);
    for (let t = order.length - 1; t >= 0; t--) {
      const j = order[t];
      if (!keep[j]) continue;
      for (let k = j - 1; k >= 0 && peaks[j] - peaks[k] < distance; k--) keep[k] = false;
      for (let k = j + 1; k < peaks.length && peaks[k] - peaks[j] < distance; k++) keep[k] = false;
    }
    peaks = peaks.filter((_, k) => keep[k]);
  }
  const result: Peak[] = [];
  for (const p of peaks) {
    const prom = peakProminence(y, p);
    if (!inBound(prom.prominence, options.prominence)) continue;
    const w = peakWidth(y, p, prom.prominence, prom.leftBase, prom.rightBase, relHeight);
    if (!inBound(w.width, options.width)) continue;
    result.push({
      index: p,
      position: x === undefined ? p : x[p],
      height: y[p],
      prominence: prom.prominence,
      widthAtHalf: x === undefined ? w.width : positionAt(x, w.rightIps) - positionAt(x, w.leftIps),
      widthSamples: w.width,
      widthHeight: w.widthHeight,
      leftIps: w.leftIps,
      rightIps: w.rightIps,
      leftBase: prom.leftBase,
      rightBase: prom.rightBase,
    });
  }
  return result;
}
