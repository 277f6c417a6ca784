/**
 * Conversions between the powder-diffraction axes: scattering angle 2θ (degrees), momentum
 * transfer Q = 4π·sin θ / λ (Å⁻¹) and d-spacing d = λ / (2·sin θ) = 2π / Q (Å), for any wavelength.
 * Bragg's law λ = 2d·sin θ. Points beyond the reach of the wavelength (sin θ > 1) give NaN.
 */
export type AxisKind = 'twoTheta' | 'q' | 'd';

export const AXIS_UNITS: Readonly<Record<AxisKind, string>> = { twoTheta: '°', q: '1/Å', d: 'Å' };
export const AXIS_LABELS: Readonly<Record<AxisKind, string>> = { twoTheta: '2θ', q: 'Q', d: 'd' };

const DEG = Math.PI / 180;

export function twoThetaToD(twoThetaDeg: number, wavelength: number): number {
  return wavelength / (2 * Math.sin((twoThetaDeg * DEG) / 2));
}

export function dToTwoTheta(d: number, wavelength: number): number {
  const s = wavelength / (2 * d);
  return s > 1 || s < 0 ? Number.NaN : (2 * Math.asin(s)) / DEG;
}

export function twoThetaToQ(twoThetaDeg: number, wavelength: number): number {
  return (4 * Math.PI * Math.sin((twoThetaDeg * DEG) / 2)) / wavelength;
}

export function qToTwoTheta(q: number, wavelength: number): number {
  const s = (q * wavelength) / (4 * Math.PI);
  return s > 1 || s < 0 ? Number.NaN : (2 * Math.asin(s)) / DEG;
}

export function qToD(q: number): number {
  return (2 * Math.PI) / q;
}

export function dToQ(d: number): number {
  return (2 * Math.PI) / d;
}

/** Converts one value between axes (the wavelength is only used when 2θ is involved). */
export function convertAxisValue(value: number, from: AxisKind, to: AxisKind, wavelength: number): number {
  if (from === to) return value;
  const q = from === 'q' ? value : from === 'd' ? dToQ(value) : twoThetaToQ(value, wavelength);
  if (to === 'q') return q;
  if (to === 'd') return qToD(q);
  return qToTwoTheta(q, wavelength);
}

/** Converts a whole axis (new array). */
export function convertAxis(values: ArrayLike<number>, from: AxisKind, to: AxisKind, wavelength: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = convertAxisValue(values[i] as number, from, to, wavelength);
  return out;
}
