/**
 * Stripe (ring-artefact) removal by sorting, Vo, Atwood & Drakopoulos 2018, "Superior techniques
 * for eliminating ring artifacts in X-ray micro-tomography", Opt. Express 26, 28396, algorithm 3.
 *
 * A defective detector pixel adds a constant offset to one sinogram column, which becomes a ring.
 * Sorting every column along the angle turns the column's intensity profile into a smooth
 * monotonic curve; a stripe then shows as a column whose sorted curve is offset from its
 * neighbours', which a median filter across the detector (window `size`) removes. Undoing the
 * sort puts the corrected values back at their angles. Because the filter acts on the sorted
 * values only, object features (which vary with angle) are not blurred, unlike a plain
 * detector-direction median filter.
 */

function median(buf: Float64Array, n: number): number {
  // insertion sort is fastest for the short windows used here (≤ 51)
  for (let i = 1; i < n; i++) {
    const v = buf[i] as number;
    let j = i - 1;
    while (j >= 0 && (buf[j] as number) > v) {
      buf[j + 1] = buf[j] as number;
      j--;
    }
    buf[j + 1] = v;
  }
  return n % 2 ? (buf[n >> 1] as number) : 0.5 * ((buf[n / 2 - 1] as number) + (buf[n / 2] as number));
}

/**
 * Removes stripes from one sinogram (angles × detector, row-major) in place. `size` is the median
 * window across the detector (odd, ≥ 3; Vo et al. use 21–51 for wide stripes).
 */
export function removeStripesSorting(sino: Float32Array | Float64Array, nAngles: number, nDetector: number, size = 21): void {
  if (nAngles < 2 || nDetector < 3) return;
  const half = Math.max(1, Math.floor(size / 2));
  const sorted = new Float64Array(nAngles * nDetector); // [a][j] sorted values of column j
  const order = new Int32Array(nAngles * nDetector); // [a][j] angle index of the a-th smallest
  const col = new Float64Array(nAngles);
  const idx = new Int32Array(nAngles);
  for (let j = 0; j < nDetector; j++) {
    for (let a = 0; a < nAngles; a++) {
      col[a] = sino[a * nDetector + j] as number;
      idx[a] = a;
    }
    idx.sort((p, q) => (col[p] as number) - (col[q] as number));
    for (let a = 0; a < nAngles; a++) {
      sorted[a * nDetector + j] = col[idx[a] as number] as number;
      order[a * nDetector + j] = idx[a] as number;
    }
  }
  const window = new Float64Array(2 * half + 1);
  for (let a = 0; a < nAngles; a++) {
    const row = a * nDetector;
    for (let j = 0; j < nDetector; j++) {
      let m = 0;
      for (let k = j - half; k <= j + half; k++) {
        // mirror at the detector edges
        const kk = k < 0 ? -k : k >= nDetector ? 2 * nDetector - 2 - k : k;
        window[m++] = sorted[row + kk] as number;
      }
      sino[(order[row + j] as number) * nDetector + j] = median(window, m);
    }
  }
}

/** Median of `values[lo..hi)` (copied). */
function medianOf(values: ArrayLike<number>, lo: number, hi: number, buf: Float64Array): number {
  const n = hi - lo;
  for (let i = 0; i < n; i++) buf[i] = values[lo + i] as number;
  return median(buf, n);
}

/**
 * Flags outliers of a per-column profile (Vo et al. 2018, §2.4): the sorted profile's middle half
 * is fitted by a line; the line's rise over the whole profile is the noise level, and values more
 * than snr/2 noise levels beyond the fitted line's ends are stripes (only when the extreme value
 * itself exceeds snr noise levels, so a clean profile flags nothing).
 */
export function detectStripes(profile: Float64Array, snr: number): Uint8Array {
  const n = profile.length;
  const mask = new Uint8Array(n);
  if (n < 8) return mask;
  const sorted = Float64Array.from(profile).sort();
  const drop = Math.floor(0.25 * n);
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let m = 0;
  for (let i = drop; i < n - drop - 1; i++) {
    sx += i;
    sy += sorted[i] as number;
    sxx += i * i;
    sxy += i * (sorted[i] as number);
    m++;
  }
  const slope = (m * sxy - sx * sy) / (m * sxx - sx * sx || 1);
  const intercept = (sy - slope * sx) / m;
  const yEnd = intercept + slope * (n - 1);
  const noise = Math.max(Math.abs(yEnd - intercept), 1e-6);
  const high = Math.abs((sorted[n - 1] as number) - yEnd) / noise;
  const low = Math.abs(intercept - (sorted[0] as number)) / noise;
  for (let j = 0; j < n; j++) {
    const v = profile[j] as number;
    if (high >= snr && v > yEnd + 0.5 * snr * noise) mask[j] = 1;
    if (low >= snr && v <= intercept - 0.5 * snr * noise) mask[j] = 1;
  }
  return mask;
}

export interface LargeStripeOptions {
  /** detection threshold in noise levels (default 3) */
  snr?: number;
  /** median window across the detector (default 51) */
  size?: number;
  /** fraction of the sorted values (half at each end) ignored when averaging (default 0.1) */
  dropRatio?: number;
}

/**
 * Removes wide or partial stripes (Vo et al. 2018, algorithm 5): the mean of each sorted column
 * (extremes dropped) is compared with the mean of its median-smoothed version; columns whose ratio
 * is an outlier ({@link detectStripes}, dilated by one column) are normalised by the ratio and
 * replaced by the smoothed sorted values put back in angle order. Returns the number of columns
 * corrected.
 */
export function removeLargeStripes(sino: Float32Array | Float64Array, nAngles: number, nDetector: number, options: LargeStripeOptions = {}): number {
  if (nAngles < 2 || nDetector < 8) return 0;
  const snr = options.snr ?? 3;
  const half = Math.max(1, Math.floor((options.size ?? 51) / 2));
  const drop = Math.floor(0.5 * Math.min(0.8, Math.max(0, options.dropRatio ?? 0.1)) * nAngles);
  const sorted = new Float64Array(nAngles * nDetector);
  const order = new Int32Array(nAngles * nDetector);
  const col = new Float64Array(nAngles);
  const idx = new Int32Array(nAngles);
  for (let j = 0; j < nDetector; j++) {
    for (let a = 0; a < nAngles; a++) {
      col[a] = sino[a * nDetector + j] as number;
      idx[a] = a;
    }
    idx.sort((p, q) => (col[p] as number) - (col[q] as number));
    for (let a = 0; a < nAngles; a++) {
      sorted[a * nDetector + j] = col[idx[a] as number] as number;
      order[a * nDetector + j] = idx[a] as number;
    }
  }
  // smoothed sorted sinogram: median across the detector on each sorted row
  const smooth = new Float64Array(nAngles * nDetector);
  const window = new Float64Array(2 * half + 1);
  for (let a = 0; a < nAngles; a++) {
    const row = a * nDetector;
    for (let j = 0; j < nDetector; j++) {
      const lo = Math.max(0, j - half);
      const hi = Math.min(nDetector, j + half + 1);
      smooth[row + j] = medianOf(sorted, row + lo, row + hi, window);
    }
  }
  const ratio = new Float64Array(nDetector);
  for (let j = 0; j < nDetector; j++) {
    let s1 = 0;
    let s2 = 0;
    for (let a = drop; a < nAngles - drop; a++) {
      s1 += sorted[a * nDetector + j] as number;
      s2 += smooth[a * nDetector + j] as number;
    }
    ratio[j] = s2 !== 0 ? s1 / s2 : 1;
  }
  const raw = detectStripes(ratio, snr);
  const mask = new Uint8Array(nDetector);
  for (let j = 0; j < nDetector; j++) if (raw[j] || (j > 0 && raw[j - 1]) || (j + 1 < nDetector && raw[j + 1])) mask[j] = 1;
  let corrected = 0;
  for (let j = 0; j < nDetector; j++) {
    if (!mask[j]) continue;
    corrected++;
    for (let a = 0; a < nAngles; a++) sino[(order[a * nDetector + j] as number) * nDetector + j] = smooth[a * nDetector + j] as number;
  }
  return corrected;
}
