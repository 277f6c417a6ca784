/**
 * Phase unwrapping with low-frequency extrapolation, following Jepsen, "Phase retrieval in
 * terahertz time-domain measurements: a 'how to' tutorial", J. Infrared Millim. Terahertz Waves
 * 40, 395 (2019):
 * 1. remove the delay between the pulse peaks, Hred = H·e^{−iω(t_s − t_r)}, so the remaining
 *    ("reduced") phase varies slowly;
 * 2. unwrap it outwards from the frequency of best signal (where 2π jumps from noise are least
 *    likely), so the noisy ends cannot corrupt the middle;
 * 3. fit a straight line over a low-frequency band with good signal and remove the multiple of 2π
 *    nearest to its intercept at f = 0 (a passive, causal sample has zero phase at DC);
 * 4. add the peak delay back: φ = φred + ω(t_s − t_r).
 */
import { RAD_PER_S_PER_THZ } from '../constants';

export interface UnwrapOptions {
  /** Peak delay t_s − t_r in ps removed before unwrapping. */
  delay: number;
  /** Bin to start unwrapping from (best signal). */
  anchor: number;
  /** Bins [from, to) of the low-frequency fit band. */
  fitFrom: number;
  fitTo: number;
}

export interface UnwrappedPhase {
  /** Unwrapped phase (rad) at every bin (valid around the anchor). */
  phase: Float64Array;
  /** Intercept of the low-frequency line before the 2π correction (rad). */
  intercept: number;
  /** Multiple of 2π removed. */
  offsetCycles: number;
}

/** Unwraps the phase of the complex ratio (re, im) over frequency (THz). */
export function unwrapReducedPhase(frequency: Float64Array, re: Float64Array, im: Float64Array, options: UnwrapOptions): UnwrappedPhase {
  const n = frequency.length;
  const reduced = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const ph = -RAD_PER_S_PER_THZ * (frequency[k] as number) * options.delay * 1e-12;
    const c = Math.cos(ph);
    const s = Math.sin(ph);
    const a = re[k] as number;
    const b = im[k] as number;
    reduced[k] = Math.atan2(a * s + b * c, a * c - b * s);
  }
  const anchor = Math.min(n - 1, Math.max(0, options.anchor));
  const phase = new Float64Array(n);
  phase[anchor] = reduced[anchor] as number;
  for (let k = anchor + 1; k < n; k++) phase[k] = (phase[k - 1] as number) + wrap((reduced[k] as number) - (reduced[k - 1] as number));
  for (let k = anchor - 1; k >= 0; k--) phase[k] = (phase[k + 1] as number) + wrap((reduced[k] as number) - (reduced[k + 1] as number));
  // Least-squares line over the fit band.
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let m = 0;
  for (let k = Math.max(0, options.fitFrom); k < Math.min(n, options.fitTo); k++) {
    const x = frequency[k] as number;
    const y = phase[k] as number;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    m++;
  }
  const slope = m > 1 ? (m * sxy - sx * sy) / (m * sxx - sx * sx) : 0;
  const intercept = m > 0 ? (sy - slope * sx) / m : (phase[anchor] as number);
  const offsetCycles = Math.round(intercept / (2 * Math.PI));
  for (let k = 0; k < n; k++) {
    phase[k] = (phase[k] as number) - 2 * Math.PI * offsetCycles + RAD_PER_S_PER_THZ * (frequency[k] as number) * options.delay * 1e-12;
  }
  return { phase, intercept, offsetCycles };
}

function wrap(x: number): number {
  return x - 2 * Math.PI * Math.round(x / (2 * Math.PI));
}
