/**
 * Dielectric-response models in the e^{−iωt} convention (ε = ε1 + iε2, ε2 > 0 absorbs;
 * σ = −iε0ω(ε − ε∞)). Frequencies in THz (ν = ω/2π), times in fs, conductivities in S/m.
 *
 * - Drude: σ(ω) = σ0 / (1 − iωτ)
 * - Drude–Smith: σ(ω) = σ0/(1 − iωτ) · [1 + c/(1 − iωτ)], −1 ≤ c ≤ 0 (Smith, PRB 64, 155106 (2001))
 * - Lorentz oscillator: Δε(ω) = Δε·ν0² / (ν0² − ν² − iγν)
 * - Debye relaxation: Δε(ω) = Δε / (1 − iωτ)
 */
import { VACUUM_PERMITTIVITY } from '../constants';
import type { ComplexIndex } from '../layer-stack';

const TWO_PI = 2 * Math.PI;

/** Drude σ at ν (THz) for σ0 (S/m) and τ (fs): [re, im] written to out. */
export function drudeSigma(nu: number, sigma0: number, tauFs: number, out: ComplexIndex): ComplexIndex {
  const x = TWO_PI * nu * 1e12 * tauFs * 1e-15; // ωτ
  const den = 1 + x * x;
  out.re = sigma0 / den;
  out.im = (sigma0 * x) / den;
  return out;
}

/** Drude–Smith σ at ν (THz). */
export function drudeSmithSigma(nu: number, sigma0: number, tauFs: number, c: number, out: ComplexIndex): ComplexIndex {
  const x = TWO_PI * nu * 1e12 * tauFs * 1e-15;
  // a = 1/(1 − ix) = (1 + ix)/(1 + x²)
  const den = 1 + x * x;
  const aRe = 1 / den;
  const aIm = x / den;
  // a(1 + c a) = a + c a²
  const a2Re = aRe * aRe - aIm * aIm;
  const a2Im = 2 * aRe * aIm;
  out.re = sigma0 * (aRe + c * a2Re);
  out.im = sigma0 * (aIm + c * a2Im);
  return out;
}

/** Lorentz oscillator contribution to ε at ν (THz): strength Δε, centre ν0 (THz), width γ (THz). */
export function lorentzEpsilon(nu: number, deltaEps: number, nu0: number, gamma: number, out: ComplexIndex): ComplexIndex {
  const a = nu0 * nu0 - nu * nu;
  const b = gamma * nu;
  const den = a * a + b * b;
  out.re = (deltaEps * nu0 * nu0 * a) / den;
  out.im = (deltaEps * nu0 * nu0 * b) / den;
  return out;
}

/** Debye relaxation contribution to ε at ν (THz): strength Δε, relaxation time τ (fs). */
export function debyeEpsilon(nu: number, deltaEps: number, tauFs: number, out: ComplexIndex): ComplexIndex {
  const x = TWO_PI * nu * 1e12 * tauFs * 1e-15;
  const den = 1 + x * x;
  out.re = deltaEps / den;
  out.im = (deltaEps * x) / den;
  return out;
}

/** σ (S/m) of a permittivity contribution Δε at ν (THz): σ = −iε0ωΔε. */
export function sigmaOfEpsilon(nu: number, eps: ComplexIndex, out: ComplexIndex): ComplexIndex {
  const w = TWO_PI * nu * 1e12;
  const re = VACUUM_PERMITTIVITY * w * eps.im;
  const im = -VACUUM_PERMITTIVITY * w * eps.re;
  out.re = re;
  out.im = im;
  return out;
}

/** Permittivity contribution of a conductivity: Δε = iσ/(ε0ω). */
export function epsilonOfSigma(nu: number, sigma: ComplexIndex, out: ComplexIndex): ComplexIndex {
  const w = TWO_PI * nu * 1e12;
  const re = -sigma.im / (VACUUM_PERMITTIVITY * w);
  const im = sigma.re / (VACUUM_PERMITTIVITY * w);
  out.re = re;
  out.im = im;
  return out;
}

/** ñ = √ε on the branch with κ ≥ 0. */
export function indexOfEpsilon(eps: ComplexIndex): ComplexIndex {
  const mod = Math.hypot(eps.re, eps.im);
  let re = Math.sqrt(Math.max(0, (mod + eps.re) / 2));
  let im = Math.sqrt(Math.max(0, (mod - eps.re) / 2)) * (eps.im < 0 ? -1 : 1);
  if (im < 0 || (im === 0 && re < 0)) {
    re = -re;
    im = -im;
  }
  return { re, im };
}
