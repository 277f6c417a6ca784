/**
 * Area-normalised peak profiles of powder diffraction, parameterised by centre c, full width at
 * half maximum w and a shape parameter, with analytic derivatives for least squares (Gaussian,
 * Lorentzian, pseudo-Voigt) and value-only forms (Pearson VII, split pseudo-Voigt).
 *
 * - Gaussian G = √(4 ln2/π)/w · exp(−4 ln2 u²/w²), Lorentzian L = 2/(πw) / (1 + 4u²/w²), u = x − c;
 * - pseudo-Voigt pV = η·L + (1 − η)·G (Wertheim et al., J. Electron Spectrosc. 3 (1974) 435), both
 *   components sharing the FWHM, as in lmfit's PseudoVoigtModel;
 * - Pearson VII P = Γ(m)·2√(2^{1/m}−1) / (√π·Γ(m−½)·w) · (1 + 4(2^{1/m}−1)u²/w²)^{−m}
 *   (Hall et al., J. Appl. Cryst. 10 (1977) 66), m → 1 Lorentzian, m → ∞ Gaussian;
 * - split pseudo-Voigt: a pV of width w_L, η_L left of c and w_R, η_R right of c, joined at the common
 *   maximum and normalised to unit area (Toraya, J. Appl. Cryst. 23 (1990) 485).
 * Values come from @ionscope/numerics; the analytic derivatives below are kept here because the Kα
 * doublet Jacobian needs them at two centres tied by Bragg's law.
 */
import { gaussian, lorentzian, pearsonVII, pseudoVoigt, splitPseudoVoigt } from '@ionscope/numerics';
export type ProfileShape = 'gaussian' | 'lorentzian' | 'pseudo-voigt' | 'pearson7' | 'split-pseudo-voigt';

const LN2 = Math.LN2;
const G_NORM = Math.sqrt((4 * LN2) / Math.PI);

/** Number of shape parameters after (c, w, area): pV η; Pearson m; split pV (w_R, η_L, η_R). */
export function shapeParameterCount(shape: ProfileShape): number {
  return shape === 'gaussian' || shape === 'lorentzian' ? 0 : shape === 'split-pseudo-voigt' ? 3 : 1;
}

export function shapeParameterNames(shape: ProfileShape): string[] {
  if (shape === 'pseudo-voigt') return ['eta'];
  if (shape === 'pearson7') return ['m'];
  if (shape === 'split-pseudo-voigt') return ['fwhmRight', 'etaLeft', 'etaRight'];
  return [];
}

/** Unit-area profile value at u = x − c (values from @ionscope/numerics' peak shapes). `sp` holds the shape parameters. */
export function profileValue(shape: ProfileShape, u: number, w: number, sp: ArrayLike<number>, offset = 0): number {
  switch (shape) {
    case 'gaussian':
      return gaussian(u, 0, w, 1);
    case 'lorentzian':
      return lorentzian(u, 0, w, 1);
    case 'pseudo-voigt':
      return pseudoVoigt(u, 0, w, sp[offset] as number, 1);
    case 'pearson7':
      return pearsonVII(u, 0, w, sp[offset] as number, 1);
    case 'split-pseudo-voigt':
      return splitPseudoVoigt(u, 0, w, sp[offset] as number, sp[offset + 1] as number, sp[offset + 2] as number, 1);
  }
}

/**
 * Value and derivatives of a unit-area profile with respect to c, w and the first shape parameter
 * (G, L, pV only). Writes [value, d/dc, d/dw, d/dη] into out.
 */
export function profileWithDerivatives(shape: 'gaussian' | 'lorentzian' | 'pseudo-voigt', u: number, w: number, eta: number, out: Float64Array): void {
  const w2 = w * w;
  const t = (u * u) / w2;
  const g = (G_NORM / w) * Math.exp(-4 * LN2 * t);
  const dgdc = g * ((8 * LN2 * u) / w2);
  const dgdw = g * (-1 / w + (8 * LN2 * u * u) / (w2 * w));
  const den = 1 + 4 * t;
  const l = 2 / (Math.PI * w) / den;
  const dldc = (l * ((8 * u) / w2)) / den;
  const dldw = l * (-1 / w + (8 * u * u) / (w2 * w) / den);
  if (shape === 'gaussian') {
    out[0] = g;
    out[1] = dgdc;
    out[2] = dgdw;
    out[3] = 0;
  } else if (shape === 'lorentzian') {
    out[0] = l;
    out[1] = dldc;
    out[2] = dldw;
    out[3] = 0;
  } else {
    out[0] = eta * l + (1 - eta) * g;
    out[1] = eta * dldc + (1 - eta) * dgdc;
    out[2] = eta * dldw + (1 - eta) * dgdw;
    out[3] = l - g;
  }
}

/** Peak height of a unit-area profile (its value at the maximum). */
export function profileHeight(shape: ProfileShape, w: number, sp: ArrayLike<number>, offset = 0): number {
  return profileValue(shape, 0, w, sp, offset);
}

/** 2θ of the Kα2 line for a Kα1 line at `twoTheta1` (degrees): sin θ2 = (λ2/λ1)·sin θ1. */
export function kAlpha2Position(twoTheta1: number, ratio: number): number {
  const s = ratio * Math.sin((twoTheta1 * Math.PI) / 360);
  return s >= 1 ? Number.NaN : (360 / Math.PI) * Math.asin(s);
}

/** d(2θ₂)/d(2θ₁) for {@link kAlpha2Position}. */
export function kAlpha2Slope(twoTheta1: number, ratio: number): number {
  const t1 = (twoTheta1 * Math.PI) / 360;
  const s = ratio * Math.sin(t1);
  return (ratio * Math.cos(t1)) / Math.sqrt(Math.max(1e-300, 1 - s * s));
}
