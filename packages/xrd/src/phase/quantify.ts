/**
 * Quantitative phase analysis from scale factors (Hill & Howard, J. Appl. Cryst. 20 (1987) 467):
 * each phase's pattern is simulated on an absolute scale (|F|²·Lp per unit cell, multiplicities
 * included), broadened like the measurement and allowed a uniform strain; the background-subtracted
 * pattern is fitted as Σ S_p·pattern_p by linear least squares (negative scales dropped), and the
 * weight fractions follow as W_p = S_p·(ZMV)_p / Σ S_i·(ZMV)_i with ZM the mass of the cell contents
 * and V the cell volume. Structures are not refined (no Rietveld refinement of atoms or texture), so
 * the fractions are as good as the reference structures and the profile match; microabsorption is
 * ignored.
 */
import { weightedLinearFit } from '@ionscope/numerics';
import { estimateBackground } from '../processing/background';
import { cellMass } from '../structure/atomic-weights';
import { cellVolume } from '../structure/cell';
import { stickProfile } from '../structure/profile';
import { simulatePattern } from '../structure/simulate';
import { expandAtoms, type Structure } from '../structure/structure';

export interface QuantifyOptions {
  wavelength: number;
  kAlpha2?: { lambdaRatio: number; intensityRatio: number };
  fwhm?: number;
  eta?: number;
  maxStrain?: number;
  strainSteps?: number;
  background?: Float64Array;
}

export interface PhaseFraction {
  name: string;
  weightFraction: number;
  stderr: number;
  scale: number;
  strain: number;
  cellMass: number;
  volume: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function quantifyPhases(x: Float64Array, y: Float64Array, phases: { structure: Structure; name: string }[], options: QuantifyOptions) {
  const n = x.length;
  const step = ((x[n - 1] as number) - (x[0] as number)) / Math.max(1, n - 1);
  const background = options.background ?? estimateBackground(x, y, { method: 'snip', iterations: Math.max(10, Math.round(1 / step)) });
  const net = new Float64Array(n);
  for (let i = 0; i < n; i++) net[i] = (y[i] as number) - (background[i] as number);
  const maxStrain = options.maxStrain ?? 0.01;
  const steps = options.strainSteps ?? 21;
  const info = phases.map((p) => {
    const sticks = simulatePattern(p.structure, {
      wavelength: options.wavelength,
      twoThetaRange: [Math.max(0, (x[0] as number) - 2), Math.min(179, (x[n - 1] as number) + 2)],
    }).map((s) => ({ twoTheta: s.twoTheta, intensity: s.absoluteIntensity }));
    let best = { gain: -1, strain: 0, profile: new Float64Array(n) as Float64Array };
    for (let s = 0; s < steps; s++) {
      const strain = steps > 1 ? -maxStrain + (2 * maxStrain * s) / (steps - 1) : 0;
      const prof = stickProfile(x, sticks, {
        fwhm: options.fwhm ?? 0.1,
        eta: options.eta ?? 0.5,
        ...(options.kAlpha2 ? { kAlpha2: options.kAlpha2 } : {}),
        strain,
      });
      const pp = dot(prof, prof);
      const rp = dot(net, prof);
      const gain = pp > 0 && rp > 0 ? (rp * rp) / pp : 0;
      if (gain > best.gain) best = { gain, strain, profile: prof };
    }
    return { ...best, mass: cellMass(expandAtoms(p.structure)), volume: cellVolume(p.structure.cell) };
  });
  let active = phases.map((_, k) => k);
  let fit = weightedLinearFit(designOf(info, active, n), n, active.length, net);
  while (active.length > 1 && Array.from(fit.params).some((s) => s <= 0)) {
    active = active.filter((_, j) => (fit.params[j] as number) > 0);
    fit = weightedLinearFit(designOf(info, active, n), n, active.length, net);
  }
  // W_p = a_p S_p / Σ a_i S_i with a = M·V; errors by first-order propagation of the scale covariance.
  const a = active.map((k) => (info[k] as { mass: number }).mass * (info[k] as { volume: number }).volume);
  const z = active.map((_, j) => (a[j] as number) * (fit.params[j] as number));
  const total = z.reduce((s, v) => s + v, 0);
  const fractions: PhaseFraction[] = phases.map((p, k) => {
    const j = active.indexOf(k);
    const base = {
      name: p.name,
      strain: (info[k] as { strain: number }).strain,
      cellMass: (info[k] as { mass: number }).mass,
      volume: (info[k] as { volume: number }).volume,
    };
    if (j < 0) return { ...base, weightFraction: 0, stderr: 0, scale: 0 };
    const W = (z[j] as number) / total;
    let variance = 0;
    for (let u = 0; u < active.length; u++) {
      for (let v = 0; v < active.length; v++) {
        const du = ((u === j ? 1 : 0) - W) * ((a[u] as number) / total);
        const dv = ((v === j ? 1 : 0) - W) * ((a[v] as number) / total);
        variance += du * dv * (fit.covariance[u * active.length + v] as number);
      }
    }
    return { ...base, weightFraction: W, stderr: Math.sqrt(Math.max(0, variance)), scale: fit.params[j] as number };
  });
  const model = new Float64Array(n);
  active.forEach((k, j) => {
    const prof = (info[k] as { profile: Float64Array }).profile;
    for (let i = 0; i < n; i++) model[i] = (model[i] as number) + (fit.params[j] as number) * (prof[i] as number);
  });
  return { fractions, background, model, reducedChiSquare: fit.reducedChiSquare };
}

function designOf(info: { profile: Float64Array }[], active: number[], n: number): Float64Array {
  const A = new Float64Array(n * active.length);
  active.forEach((k, j) => {
    const p = (info[k] as { profile: Float64Array }).profile;
    for (let i = 0; i < n; i++) A[i * active.length + j] = p[i] as number;
  });
  return A;
}
