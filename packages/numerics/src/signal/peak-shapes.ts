/**
 * Area-normalised peak profiles with their analytic parameter derivatives.
 *
 * Every shape is parameterised by centre c, full width at half maximum (FWHM) w and integrated area
 * A (x and w in the same unit; the value has unit area-unit / x-unit):
 * - Gaussian: A·(2/w)·√(ln2/π)·exp(−4 ln2 (x−c)²/w²)
 * - Lorentzian: A·(2/(π w)) / (1 + 4(x−c)²/w²)
 * - pseudo-Voigt: η·Lorentzian + (1−η)·Gaussian with a common FWHM (G. K. Wertheim et al., Rev. Sci.
 *   Instrum. 45, 1369, 1974; η ∈ [0, 1])
 * - Pearson VII: H / (1 + 4(2^{1/m}−1)(x−c)²/w²)^m with H = A·2Γ(m)√(2^{1/m}−1) / (w√π Γ(m−½)),
 *   m > ½ (m = 1 Lorentzian, m → ∞ Gaussian; M. M. Hall, J. Appl. Cryst. 10, 66–68, 1977)
 * - split pseudo-Voigt: left and right halves are pseudo-Voigts (η the Lorentzian area fraction, as
 *   above) with their own FWHM and η, scaled to a common height at the centre so the profile is
 *   continuous, with total area A (asymmetric diffraction peaks; H. Toraya, J. Appl. Cryst. 23,
 *   485–491, 1990). With equal sides it is exactly {@link pseudoVoigt}. Its FWHM is (w_L + w_R)/2.
 *
 * `params` arrays follow the order of the scalar functions' arguments after x.
 */
import { digamma, logGamma } from '../special';

const LN2 = Math.LN2;
const G_NORM = 2 * Math.sqrt(LN2 / Math.PI);
const FOUR_LN2 = 4 * LN2;

/** Shape names accepted by {@link evaluatePeak}. */
export type PeakShape = 'gaussian' | 'lorentzian' | 'pseudoVoigt' | 'pearsonVII' | 'splitPseudoVoigt';

/** Parameter names per shape, in `params` order. */
export const PEAK_PARAMETERS: Record<PeakShape, readonly string[]> = {
  gaussian: ['centre', 'fwhm', 'area'],
  lorentzian: ['centre', 'fwhm', 'area'],
  pseudoVoigt: ['centre', 'fwhm', 'eta', 'area'],
  pearsonVII: ['centre', 'fwhm', 'm', 'area'],
  splitPseudoVoigt: ['centre', 'fwhmLeft', 'fwhmRight', 'etaLeft', 'etaRight', 'area'],
};

/** Area-normalised Gaussian of FWHM `fwhm` and area `area` centred at c. */
export function gaussian(x: number, c: number, fwhm: number, area: number): number {
  const u = (x - c) / fwhm;
  return ((area * G_NORM) / fwhm) * Math.exp(-FOUR_LN2 * u * u);
}

/** Area-normalised Lorentzian (Cauchy) of FWHM `fwhm` and area `area` centred at c. */
export function lorentzian(x: number, c: number, fwhm: number, area: number): number {
  const u = (x - c) / fwhm;
  return (area * 2) / (Math.PI * fwhm * (1 + 4 * u * u));
}

/** Pseudo-Voigt η·L + (1−η)·G with common FWHM and area. */
export function pseudoVoigt(x: number, c: number, fwhm: number, eta: number, area: number): number {
  return eta * lorentzian(x, c, fwhm, area) + (1 - eta) * gaussian(x, c, fwhm, area);
}

/** Height of a unit-area Pearson VII of FWHM w and exponent m. */
function pearsonHeight(w: number, m: number): number {
  const k = Math.sqrt(2 ** (1 / m) - 1);
  return (2 * k * Math.exp(logGamma(m) - logGamma(m - 0.5))) / (w * Math.sqrt(Math.PI));
}

/** Pearson VII of FWHM `fwhm`, exponent m (> ½) and area `area`. */
export function pearsonVII(x: number, c: number, fwhm: number, m: number, area: number): number {
  const u = (x - c) / fwhm;
  const a = 2 ** (1 / m) - 1;
  return area * pearsonHeight(fwhm, m) * (1 + 4 * a * u * u) ** -m;
}

const L_PEAK = 2 / Math.PI;

/** Peak height × FWHM of a unit-area pseudo-Voigt: κ(η) = η·2/π + (1−η)·2√(ln2/π). */
function pvKappa(eta: number): number {
  return eta * L_PEAK + (1 - eta) * G_NORM;
}

/** Split pseudo-Voigt (asymmetric): separate FWHM and η left and right of c, total area `area`. */
export function splitPseudoVoigt(x: number, c: number, fwhmLeft: number, fwhmRight: number, etaLeft: number, etaRight: number, area: number): number {
  const height = (2 * area) / (fwhmLeft / pvKappa(etaLeft) + fwhmRight / pvKappa(etaRight));
  const left = x < c;
  const w = left ? fwhmLeft : fwhmRight;
  const eta = left ? etaLeft : etaRight;
  const u = (x - c) / w;
  return (height * ((eta * L_PEAK) / (1 + 4 * u * u) + (1 - eta) * G_NORM * Math.exp(-FOUR_LN2 * u * u))) / pvKappa(eta);
}

function checkParams(shape: PeakShape, params: ArrayLike<number>): void {
  const names = PEAK_PARAMETERS[shape];
  if (names === undefined) throw new RangeError(`evaluatePeak: unknown shape "${shape as string}"`);
  if (params.length !== names.length)
    throw new RangeError(`evaluatePeak: ${shape} takes ${names.length} parameters (${names.join(', ')}), got ${params.length}`);
}

/**
 * Evaluate a peak at every x into out; with `gradient` (row-major x.length × params.length) also the
 * analytic derivatives ∂value/∂param, for least-squares fitting.
 */
export function evaluatePeak(shape: PeakShape, params: ArrayLike<number>, x: ArrayLike<number>, out: Float64Array, gradient?: Float64Array): void {
  checkParams(shape, params);
  const np = params.length;
  const n = x.length;
  switch (shape) {
    case 'gaussian':
    case 'lorentzian':
    case 'pseudoVoigt': {
      const c = params[0];
      const w = params[1];
      const eta = shape === 'gaussian' ? 0 : shape === 'lorentzian' ? 1 : params[2];
      const area = params[np - 1];
      for (let i = 0; i < n; i++) {
        const d = x[i] - c;
        const u = d / w;
        const g = (G_NORM / w) * Math.exp(-FOUR_LN2 * u * u);
        const q = 1 + 4 * u * u;
        const l = 2 / (Math.PI * w * q);
        const shapeValue = eta * l + (1 - eta) * g;
        out[i] = area * shapeValue;
        if (gradient) {
          // ∂/∂c and ∂/∂w of the unit-area G and L
          const dgdc = g * ((2 * FOUR_LN2 * d) / (w * w));
          const dgdw = g * (-1 / w + (2 * FOUR_LN2 * d * d) / (w * w * w));
          const dldc = l * ((8 * d) / (w * w * q));
          const dldw = l * (-1 / w + (8 * d * d) / (w * w * w * q));
          const row = i * np;
          gradient[row] = area * (eta * dldc + (1 - eta) * dgdc);
          gradient[row + 1] = area * (eta * dldw + (1 - eta) * dgdw);
          if (shape === 'pseudoVoigt') gradient[row + 2] = area * (l - g);
          gradient[row + np - 1] = shapeValue;
        }
      }
      return;
    }
    case 'pearsonVII': {
      const [c, w, m, area] = [params[0], params[1], params[2], params[3]];
      if (!(m > 0.5)) throw new RangeError(`pearsonVII: m must be > 0.5, got ${m}`);
      const a = 2 ** (1 / m) - 1;
      const h = pearsonHeight(w, m);
      // d ln h / dm = (d/dm ½ ln a) + ψ(m) − ψ(m − ½);  da/dm = −2^{1/m} ln2 / m²
      const dadm = (-(2 ** (1 / m)) * LN2) / (m * m);
      const dlnhdm = (0.5 * dadm) / a + digamma(m) - digamma(m - 0.5);
      for (let i = 0; i < n; i++) {
        const d = x[i] - c;
        const u = d / w;
        const base = 1 + 4 * a * u * u;
        const p = base ** -m;
        const value = area * h * p;
        out[i] = value;
        if (gradient) {
          const row = i * 4;
          // ∂/∂c: −m·base^{−m−1}·(−8 a d / w²)
          gradient[row] = (value * m * 8 * a * d) / (w * w * base);
          gradient[row + 1] = value * (-1 / w + (m * 8 * a * d * d) / (w * w * w * base));
          gradient[row + 2] = value * (dlnhdm - Math.log(base) - (m * 4 * u * u * dadm) / base);
          gradient[row + 3] = h * p;
        }
      }
      return;
    }
    case 'splitPseudoVoigt': {
      const [c, wl, wr, el, er, area] = [params[0], params[1], params[2], params[3], params[4], params[5]];
      const kl = pvKappa(el);
      const kr = pvKappa(er);
      const s = wl / kl + wr / kr;
      const height = (2 * area) / s;
      const dKappa = L_PEAK - G_NORM;
      for (let i = 0; i < n; i++) {
        const d = x[i] - c;
        const left = d < 0;
        const w = left ? wl : wr;
        const eta = left ? el : er;
        const kappa = left ? kl : kr;
        const u = d / w;
        const q = 1 + 4 * u * u;
        const ge = Math.exp(-FOUR_LN2 * u * u);
        // F: the side's pseudo-Voigt normalised to unit height
        const f = ((eta * L_PEAK) / q + (1 - eta) * G_NORM * ge) / kappa;
        out[i] = height * f;
        if (gradient) {
          const row = i * 6;
          const dfdu = ((-eta * L_PEAK * 8 * u) / (q * q) + (1 - eta) * G_NORM * ge * (-2 * FOUR_LN2 * u)) / kappa;
          const dfdw = dfdu * (-u / w);
          const dfdEta = (L_PEAK / q - G_NORM * ge - f * dKappa) / kappa;
          // H = 2A/S with S = w_L/κ_L + w_R/κ_R
          const dHdwl = -height / s / kl;
          const dHdwr = -height / s / kr;
          const dHdel = (height * wl * dKappa) / (s * kl * kl);
          const dHder = (height * wr * dKappa) / (s * kr * kr);
          gradient[row] = height * dfdu * (-1 / w);
          gradient[row + 1] = dHdwl * f + (left ? height * dfdw : 0);
          gradient[row + 2] = dHdwr * f + (left ? 0 : height * dfdw);
          gradient[row + 3] = dHdel * f + (left ? height * dfdEta : 0);
          gradient[row + 4] = dHder * f + (left ? 0 : height * dfdEta);
          gradient[row + 5] = (2 * f) / s;
        }
      }
      return;
    }
  }
}

/** Integrated area of a peak (the `area` parameter; all shapes here are area-parameterised). */
export function peakArea(shape: PeakShape, params: ArrayLike<number>): number {
  checkParams(shape, params);
  return params[params.length - 1];
}

/** Full width at half maximum: the `fwhm` parameter, or (w_L + w_R)/2 for the split pseudo-Voigt. */
export function peakFwhm(shape: PeakShape, params: ArrayLike<number>): number {
  checkParams(shape, params);
  return shape === 'splitPseudoVoigt' ? (params[1] + params[2]) / 2 : params[1];
}

/** Maximum (height at the centre) of a peak. */
export function peakHeight(shape: PeakShape, params: ArrayLike<number>): number {
  checkParams(shape, params);
  const out = new Float64Array(1);
  evaluatePeak(shape, params, [params[0]], out);
  return out[0];
}

/** The area giving a peak of the given height with the other parameters unchanged. */
export function areaFromHeight(shape: PeakShape, params: ArrayLike<number>, height: number): number {
  const unit = Array.from(params);
  unit[unit.length - 1] = 1;
  return height / peakHeight(shape, unit);
}
