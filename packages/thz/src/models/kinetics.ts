/**
 * Pump–probe kinetics: a sum of exponential decays switched on at t0, plus an optional long-lived
 * step, convolved with a Gaussian instrument response of FWHM w (σ = w / 2√(2 ln 2)):
 *
 *   S(t) = Σ_i A_i · ½ exp(σ²/2τ_i² − (t−t0)/τ_i) erfc[(σ/τ_i − (t−t0)/σ)/√2] + C · ½ erfc[−(t−t0)/(σ√2)]
 *
 * (the exponentially modified Gaussian). For a non-negative erfc argument b the product is
 * evaluated as ½ exp(−(t−t0)²/2σ²)·erfcx(b), which never overflows.
 */

/**
 * Scaled complementary error function erfcx(x) = e^{x²} erfc(x) for x ≥ 0, from the Chebyshev-fitted
 * erfc of Press et al., Numerical Recipes (2nd ed., §6.2): fractional error below 1.2e-7 everywhere.
 */
export function erfcxPositive(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(poly);
}

/** erfc(x) for any real x. */
export function erfc(x: number): number {
  if (x >= 0) return Math.exp(-x * x) * erfcxPositive(x);
  return 2 - Math.exp(-x * x) * erfcxPositive(-x);
}

const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.LN2));

/** One exponential decay (lifetime τ, unit amplitude) convolved with the Gaussian IRF (σ). */
export function expGauss(t: number, sigma: number, tau: number): number {
  if (!(tau > 0)) return 0;
  if (!(sigma > 0)) return t >= 0 ? Math.exp(-t / tau) : 0;
  const b = (sigma / tau - t / sigma) / Math.SQRT2;
  if (b >= 0) return 0.5 * Math.exp((-t * t) / (2 * sigma * sigma)) * erfcxPositive(b);
  return 0.5 * Math.exp((sigma * sigma) / (2 * tau * tau) - t / tau) * erfc(b);
}

/** The step response (infinite lifetime) convolved with the Gaussian IRF. */
export function stepGauss(t: number, sigma: number): number {
  if (!(sigma > 0)) return t >= 0 ? 1 : 0;
  return 0.5 * erfc(-t / (sigma * Math.SQRT2));
}

export interface KineticsModel {
  exponentials: number;
  offset: boolean;
  /** Parameter names in order: t0, irfFwhm, A1, tau1, …, [C]. */
  names: string[];
  units: string[];
  evaluate(p: ArrayLike<number>, t: Float64Array, out: Float64Array): void;
}

export function kineticsModel(exponentials: number, offset: boolean): KineticsModel {
  const names = ['t0', 'irfFwhm'];
  const units = ['ps', 'ps'];
  for (let i = 1; i <= exponentials; i++) {
    names.push(`A${i}`, `tau${i}`);
    units.push('', 'ps');
  }
  if (offset) {
    names.push('C');
    units.push('');
  }
  return {
    exponentials,
    offset,
    names,
    units,
    evaluate(p, t, out) {
      const t0 = p[0] as number;
      const sigma = (p[1] as number) * FWHM_TO_SIGMA;
      for (let k = 0; k < t.length; k++) {
        const x = (t[k] as number) - t0;
        let s = 0;
        for (let i = 0; i < exponentials; i++) s += (p[2 + 2 * i] as number) * expGauss(x, sigma, p[3 + 2 * i] as number);
        if (offset) s += (p[2 + 2 * exponentials] as number) * stepGauss(x, sigma);
        out[k] = s;
      }
    },
  };
}
