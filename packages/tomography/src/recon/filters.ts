/**
 * Frequency responses of the FBP filters (Kak & Slaney 1988, "Principles of Computerized
 * Tomographic Imaging", ch. 3, eq. 61 and §3.3.2).
 *
 * The ramp is not sampled as |ω| but built from the band-limited spatial kernel
 * h(0) = 1/4, h(n) = −1/(πn)² for odd n, 0 for even n, and transformed: H = 2·Re(DFT(h)). This
 * avoids the DC offset and interperiod interference of a sampled |ω| (Kak & Slaney §3.3.3). The
 * apodised filters multiply the ramp by a window of the normalised frequency f ∈ [−½, ½]:
 * Shepp–Logan sinc(f) (sin(πf)/(πf)), cosine cos(πf), Hamming 0.54 + 0.46·cos(2πf),
 * Hann 0.5 + 0.5·cos(2πf). An optional cutoff (fraction of Nyquist) zeroes higher frequencies.
 */
import { FFT } from '@ionscope/numerics';

export const FILTER_NAMES = ['ramp', 'shepp-logan', 'cosine', 'hamming', 'hann'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** Zero-padded FFT length for `n` detector pixels: the next power of two ≥ 2n (at least 64). */
export function paddedLength(n: number): number {
  let p = 64;
  while (p < 2 * n) p *= 2;
  return p;
}

/** The real, even frequency response of length `size` in FFT order (bin k ↔ frequency k/size). */
export function filterResponse(name: FilterName, size: number, cutoff = 1): Float64Array {
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re[0] = 0.25;
  for (let n = 1; n < size; n += 2) {
    // distance to the nearest copy of the origin on the circle of length `size`
    const d = Math.min(n, size - n);
    re[n] = -1 / (Math.PI * d) ** 2;
  }
  new FFT(size).forward(re, im, re, im);
  const h = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const f = (k <= size / 2 ? k : k - size) / size; // normalised frequency in [−½, ½)
    let w = 1;
    switch (name) {
      case 'ramp':
        break;
      case 'shepp-logan':
        w = f === 0 ? 1 : Math.sin(Math.PI * f) / (Math.PI * f);
        break;
      case 'cosine':
        w = Math.cos(Math.PI * f);
        break;
      case 'hamming':
        w = 0.54 + 0.46 * Math.cos(2 * Math.PI * f);
        break;
      case 'hann':
        w = 0.5 + 0.5 * Math.cos(2 * Math.PI * f);
        break;
    }
    if (Math.abs(f) > cutoff / 2) w = 0;
    h[k] = 2 * re[k] * w;
  }
  return h;
}
