/**
 * Global thresholds from the grey-value histogram.
 * - Otsu 1979 (IEEE Trans. Syst. Man Cybern. 9, 62): the threshold maximising the between-class
 *   variance σ_B² = Σ_k ω_k (μ_k − μ)².
 * - Multi-Otsu (Liao, Chen & Chung 2001, J. Inf. Sci. Eng. 17, 713): k thresholds maximising the
 *   same criterion over k + 1 classes, found exactly by dynamic programming over the histogram
 *   bins (O(k·L²) for L bins) instead of the exhaustive O(L^k) search.
 * Thresholds are returned in grey values (bin edges); a voxel v belongs to class i when
 * t_{i−1} < v ≤ t_i (scikit-image's convention for `np.digitize(v, thresholds, right=True)`).
 */

export interface Histogram {
  counts: Float64Array;
  /** lower edge of bin 0 and bin width */
  min: number;
  width: number;
}

export function histogram(values: ArrayLike<number>, bins = 256, range?: [number, number]): Histogram {
  let lo = range?.[0] ?? Number.POSITIVE_INFINITY;
  let hi = range?.[1] ?? Number.NEGATIVE_INFINITY;
  if (!range) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(hi > lo)) hi = lo + 1;
  const width = (hi - lo) / bins;
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= lo && v <= hi)) continue;
    let k = Math.floor((v - lo) / width);
    if (k >= bins) k = bins - 1;
    counts[k]++;
  }
  return { counts, min: lo, width };
}

/** k thresholds (k ≥ 1) maximising the between-class variance of the histogram. */
export function multiOtsuBins(counts: Float64Array, classes: number): number[] {
  const L = counts.length;
  const k = classes - 1;
  if (k < 1 || k >= L) throw new RangeError(`need 2 ≤ classes ≤ ${L}, got ${classes}`);
  // prefix sums of ω and ω·μ (bin index as the value; the criterion is invariant to affine maps)
  const P = new Float64Array(L + 1);
  const S = new Float64Array(L + 1);
  for (let i = 0; i < L; i++) {
    P[i + 1] = (P[i] as number) + (counts[i] as number);
    S[i + 1] = (S[i] as number) + (counts[i] as number) * i;
  }
  // class over bins [a, b): contribution S²/P (maximising Σ S_k²/P_k maximises σ_B²)
  const cost = (a: number, b: number) => {
    const p = (P[b] as number) - (P[a] as number);
    const s = (S[b] as number) - (S[a] as number);
    return p > 0 ? (s * s) / p : 0;
  };
  // best[c][b]: best value for splitting bins [0, b) into c + 1 classes; arg[c][b] the last cut
  const best = Array.from({ length: classes }, () => new Float64Array(L + 1).fill(Number.NEGATIVE_INFINITY));
  const arg = Array.from({ length: classes }, () => new Int32Array(L + 1));
  for (let b = 1; b <= L; b++) (best[0] as Float64Array)[b] = cost(0, b);
  for (let c = 1; c < classes; c++) {
    const prev = best[c - 1] as Float64Array;
    const cur = best[c] as Float64Array;
    const a = arg[c] as Int32Array;
    for (let b = c + 1; b <= L; b++) {
      let v = Number.NEGATIVE_INFINITY;
      let at = c;
      for (let m = c; m < b; m++) {
        const t = (prev[m] as number) + cost(m, b);
        if (t > v) {
          v = t;
          at = m;
        }
      }
      cur[b] = v;
      a[b] = at;
    }
  }
  const cuts: number[] = [];
  let b = L;
  for (let c = classes - 1; c >= 1; c--) {
    b = (arg[c] as Int32Array)[b] as number;
    cuts.push(b);
  }
  return cuts.reverse(); // cut m: classes are bins [.., m) and [m, ..)
}

/** Otsu / multi-Otsu thresholds in grey values. */
export function multiOtsu(values: ArrayLike<number>, classes = 2, bins = 256): number[] {
  const h = histogram(values, bins);
  // the threshold between bin m−1 and m is the upper edge of bin m−1, taken at its centre as skimage does
  return multiOtsuBins(h.counts, classes).map((m) => h.min + (m - 0.5) * h.width);
}

export function otsu(values: ArrayLike<number>, bins = 256): number {
  return multiOtsu(values, 2, bins)[0] as number;
}

/** Class index per voxel: number of thresholds strictly below the value. */
export function applyThresholds(values: ArrayLike<number>, thresholds: number[]): Uint8Array {
  const out = new Uint8Array(values.length);
  const t = [...thresholds].sort((a, b) => a - b);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let c = 0;
    while (c < t.length && v > (t[c] as number)) c++;
    out[i] = c;
  }
  return out;
}
