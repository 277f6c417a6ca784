/**
 * Thin conducting sheets (thickness ≪ wavelength in the film) at normal incidence, fields ∝ e^{−iωt}.
 *
 * Transmission (Tinkham; Glover & Tinkham, Phys. Rev. 108, 243 (1957)): a sheet of conductance σ_s
 * between media n_a and n_b changes the transmission by
 *     T = E_film/E_no-film = (n_a + n_b) / (n_a + n_b + Z0 σ_s)  ⇒  σ_s = (n_a + n_b)/Z0 · (1/T − 1).
 * A substrate thicker by ΔL under the film adds e^{i(n_b − 1)ωΔL/c} to the measured T, removed first.
 *
 * Reflection from a sheet on the surface of a medium n_b, incidence from n_a:
 *     r = (n_a − n_b − Z0σ_s)/(n_a + n_b + Z0σ_s),  r0 = (n_a − n_b)/(n_a + n_b),
 * and with the measured ratio ρ = r/r0:  Z0σ_s = [(n_a − n_b) − ρ r0 (n_a + n_b)] / (1 + ρ r0).
 */
import { FREE_SPACE_IMPEDANCE } from '../constants';

export interface SheetResult {
  re: number;
  im: number;
  /** |∂σ_s/∂ln T| for error propagation: σ(σ_s) = |∂σ_s/∂ln T|·σ(ln T) per component. */
  sensitivity: number;
}

/** σ_s (S) from the transmission ratio T = (tRe, tIm). */
export function tinkhamSheet(tRe: number, tIm: number, na: number, nb: number, out: SheetResult): SheetResult {
  const den = tRe * tRe + tIm * tIm;
  const invRe = tRe / den;
  const invIm = -tIm / den;
  const k = (na + nb) / FREE_SPACE_IMPEDANCE;
  out.re = k * (invRe - 1);
  out.im = k * invIm;
  // ∂σ_s/∂lnT = −k/T
  out.sensitivity = k / Math.sqrt(den);
  return out;
}

/** σ_s (S) from the reflection ratio ρ = r_pumped/r_unpumped = (rhoRe, rhoIm). */
export function reflectionSheet(rhoRe: number, rhoIm: number, na: number, nb: number, out: SheetResult): SheetResult {
  const r0 = (na - nb) / (na + nb);
  const rRe = rhoRe * r0;
  const rIm = rhoIm * r0;
  // num = (na − nb) − r (na + nb); den = 1 + r
  const numRe = na - nb - rRe * (na + nb);
  const numIm = -rIm * (na + nb);
  const denRe = 1 + rRe;
  const denIm = rIm;
  const d2 = denRe * denRe + denIm * denIm;
  out.re = (numRe * denRe + numIm * denIm) / d2 / FREE_SPACE_IMPEDANCE;
  out.im = (numIm * denRe - numRe * denIm) / d2 / FREE_SPACE_IMPEDANCE;
  // ∂(Z0σ)/∂r = −2 na / (1 + r)²  (from the quotient rule); ∂r/∂lnρ = r
  const dmag = (2 * na * Math.hypot(rRe, rIm)) / d2;
  out.sensitivity = dmag / FREE_SPACE_IMPEDANCE;
  return out;
}

/** Transmission of a sheet σ_s (S) between n_a and n_b (forward model for tests and synthetic data). */
export function tinkhamTransmission(sRe: number, sIm: number, na: number, nb: number): { re: number; im: number } {
  const dRe = na + nb + FREE_SPACE_IMPEDANCE * sRe;
  const dIm = FREE_SPACE_IMPEDANCE * sIm;
  const d2 = dRe * dRe + dIm * dIm;
  return { re: ((na + nb) * dRe) / d2, im: (-(na + nb) * dIm) / d2 };
}
