/**
 * Dynamic range and the largest measurable absorption coefficient (Jepsen & Fischer, "Dynamic range
 * in terahertz time-domain transmission and reflection spectroscopy", Opt. Lett. 30, 29 (2005)):
 *
 *   DR(ω) = |E_ref(ω)| / noise floor,   α_max(ω) d = 2 ln[ DR(ω) · 4n / (n + 1)² ].
 *
 * An α above α_max cannot be told from noise: values there are flagged, not trusted.
 */
export interface DynamicRange {
  /** Noise-floor amplitude (same unit as the spectrum amplitude). */
  floor: number;
  /** DR per bin. */
  dynamicRange: Float64Array;
  /** How the floor was estimated. */
  floorFrom: string;
}

/** RMS spectral amplitude in bins [from, to) (the noise floor of white noise). */
export function rmsAmplitude(re: Float64Array, im: Float64Array, from: number, to: number): number {
  let s = 0;
  let m = 0;
  for (let k = Math.max(0, from); k < Math.min(re.length, to); k++) {
    s += (re[k] as number) ** 2 + (im[k] as number) ** 2;
    m++;
  }
  return m ? Math.sqrt(s / m) : Number.NaN;
}

export function dynamicRangeOf(re: Float64Array, im: Float64Array, floor: number, floorFrom: string): DynamicRange {
  const dr = new Float64Array(re.length);
  for (let k = 0; k < re.length; k++) dr[k] = Math.hypot(re[k] as number, im[k] as number) / floor;
  return { floor, dynamicRange: dr, floorFrom };
}

/** α_max in cm⁻¹ for dynamic range `dr`, index n and thickness d (m). */
export function alphaMax(dr: number, n: number, thickness: number): number {
  const arg = (dr * 4 * n) / (n + 1) ** 2;
  return arg > 1 ? ((2 / thickness) * Math.log(arg)) / 100 : 0;
}
