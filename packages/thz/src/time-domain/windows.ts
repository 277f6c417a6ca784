/**
 * Time-domain windows over a time axis (ps). Each returns weights in [0, 1], zero outside
 * [start, end] (so every window is also a gate):
 * - `none`: rectangular gate;
 * - `tukey`: flat top with cosine tapers, `alpha` = tapered fraction of the span (Harris 1978);
 * - `blackman`: Blackman over the span (Harris 1978, side lobes −58 dB);
 * - `hann`;
 * - `asymmetric`: a fast cosine rise before the pulse and a slower cosine fall after it (`rise`,
 *   `fall` in ps), which suppresses truncation ringing without attenuating the pulse itself
 *   (Vázquez-Cabo et al., Opt. Commun. 366, 386, 2016 discuss window choice for THz-TDS).
 */
export type WindowType = 'none' | 'tukey' | 'blackman' | 'hann' | 'asymmetric';

export interface WindowSpec {
  type: WindowType;
  /** Window start in ps (default: first sample). */
  start?: number;
  /** Window end in ps (default: last sample). */
  end?: number;
  /** Tukey taper fraction (0 = rectangular, 1 = Hann); default 0.2. */
  alpha?: number;
  /** Asymmetric window: rise time in ps (default 20 % of the span before the peak). */
  rise?: number;
  /** Asymmetric window: fall time in ps (default 50 % of the span after the peak). */
  fall?: number;
}

function hannEdge(x: number): number {
  // 0 at x = 0, 1 at x = 1
  return 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, x)));
}

/** Window weights for each time sample. `peakTime` is used by the asymmetric window. */
export function windowWeights(time: Float64Array, spec: WindowSpec, peakTime?: number): Float64Array {
  const n = time.length;
  const start = spec.start ?? (time[0] as number);
  const end = spec.end ?? (time[n - 1] as number);
  const span = end - start;
  const w = new Float64Array(n);
  const peak = peakTime ?? 0.5 * (start + end);
  const alpha = spec.alpha ?? 0.2;
  const rise = spec.rise ?? 0.2 * Math.max(0, peak - start);
  const fall = spec.fall ?? 0.5 * Math.max(0, end - peak);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (t < start || t > end || !(span > 0)) continue;
    const x = (t - start) / span;
    switch (spec.type) {
      case 'none':
        w[i] = 1;
        break;
      case 'hann':
        w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * x);
        break;
      case 'blackman':
        w[i] = Math.max(0, 0.42 - 0.5 * Math.cos(2 * Math.PI * x) + 0.08 * Math.cos(4 * Math.PI * x));
        break;
      case 'tukey': {
        const a = Math.min(1, Math.max(0, alpha));
        if (a === 0) w[i] = 1;
        else if (x < a / 2) w[i] = hannEdge((2 * x) / a);
        else if (x > 1 - a / 2) w[i] = hannEdge((2 * (1 - x)) / a);
        else w[i] = 1;
        break;
      }
      case 'asymmetric': {
        const up = rise > 0 ? hannEdge((t - start) / rise) : 1;
        const down = fall > 0 ? hannEdge((end - t) / fall) : 1;
        w[i] = Math.min(up, down);
        break;
      }
    }
  }
  return w;
}
