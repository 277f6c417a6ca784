/**
 * Synthetic powder patterns with known answers for the Rietveld tests and the bench, generated
 * independently of the refinement code (simulatePattern + stickProfile).
 */
import { seededUniform } from '@ionscope/numerics';
import { kAlpha2Position } from '../src/models/profiles';
import { cellMass } from '../src/structure/atomic-weights';
import { cellVolume } from '../src/structure/cell';
import { stickProfile } from '../src/structure/profile';
import { simulatePattern } from '../src/structure/simulate';
import { expandAtoms, type Structure } from '../src/structure/structure';
import { ANODE_WAVELENGTHS } from '../src/wavelengths';

const cu = ANODE_WAVELENGTHS.Cu as { kAlpha1: number; kAlpha2: number };
const ratio = cu.kAlpha2 / cu.kAlpha1;

/** Deterministic pseudo-random numbers (numerics' seeded mulberry32). */
export const rng = seededUniform;

/** Exact Poisson deviates (Knuth's product method on pieces of mean ≤ 500, summed: a sum of Poissons is Poisson). */
export function poisson(lambda: number, u: () => number): number {
  let total = 0;
  let left = lambda;
  while (left > 0) {
    const piece = Math.min(left, 500);
    left -= piece;
    const limit = Math.exp(-piece);
    let k = 0;
    let p = u();
    while (p > limit) {
      k++;
      p *= u();
    }
    total += k;
  }
  return total;
}

/**
 * A pattern generated independently of the refinement code: simulatePattern (|F|²·Lp with exp(−B s²))
 * and stickProfile (pseudo-Voigt with Caglioti widths, ±60 FWHM), the Kα2 line placed by Bragg's law
 * with λ₂ and both lines shifted by the zero error, a curved background, Poisson noise.
 */
export function synthesise(
  x: Float64Array,
  phases: { structure: Structure; weight: number; B: number }[],
  truth: { zero: number; U: number; V: number; W: number; eta: number; counts: number },
  seed: number,
): Float64Array {
  const y = Float64Array.from(x, (t) => 400 * (1 + 0.3 * Math.exp(-(t - 15) / 20)));
  for (const ph of phases) {
    const sticks = simulatePattern(ph.structure, {
      wavelength: cu.kAlpha1,
      twoThetaRange: [Math.max(1, (x[0] as number) - 5), (x[x.length - 1] as number) + 5],
      debyeWaller: true,
      defaultB: ph.B,
      minRelativeIntensity: 0,
    }).map((p) => ({ twoTheta: p.twoTheta, intensity: p.absoluteIntensity }));
    const k2 = sticks.map((s) => ({ twoTheta: kAlpha2Position(s.twoTheta, ratio), intensity: 0.5 * s.intensity })).filter((s) => Number.isFinite(s.twoTheta));
    const opts = { caglioti: { U: truth.U, V: truth.V, W: truth.W }, eta: truth.eta, shift: truth.zero, cutoff: 60 };
    const p1 = stickProfile(x, sticks, opts);
    const p2 = stickProfile(x, k2, opts);
    // Hill & Howard: S ∝ W/(ZMV) with ZM the cell mass and V the cell volume.
    const S = (truth.counts * ph.weight) / (cellMass(expandAtoms(ph.structure)) * cellVolume(ph.structure.cell));
    for (let i = 0; i < x.length; i++) y[i] = (y[i] as number) + S * ((p1[i] as number) + (p2[i] as number));
  }
  const u = rng(seed);
  return y.map((v) => poisson(v, u));
}
