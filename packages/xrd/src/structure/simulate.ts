/**
 * Powder pattern simulation from a structure (kinematic theory), following the conventions of
 * pymatgen's XRDCalculator (Ong et al., Comput. Mater. Sci. 68 (2013) 314) so results compare:
 *
 * - every reciprocal-lattice point g = (h, k, l) with |g| ≤ 2·sin(θmax)/λ is enumerated (no space-group
 *   reflection conditions are assumed: absences come out of the structure factor);
 * - F(hkl) = Σⱼ fⱼ(s)·occⱼ·exp(2πi h·rⱼ)·exp(−Bⱼ s²) over all atoms of the cell, s = sin θ/λ = |g|/2,
 *   fⱼ from Cromer–Mann coefficients (neutral atoms; oxidation states do not change f, as in pymatgen);
 *   the Debye–Waller factor is optional (off by default, like pymatgen);
 * - I = |F|²·Lp with the Lorentz–polarisation factor Lp = (1 + cos²2θ)/(sin²θ·cos θ) (unpolarised beam,
 *   no monochromator; Warren, X-ray Diffraction, 1969, ch. 4);
 * - reflections whose 2θ agree within 10⁻⁵° are one peak; its multiplicity comes from counting the
 *   symmetry-equivalent reflections that fall on it, and its hkl families group indices that are
 *   permutations of each other up to sign (Miller–Bravais (h k i l) for hexagonal cells);
 * - intensities are scaled to a maximum of 100 and peaks below 0.001 % dropped.
 * Friedel pairs (h and −h) have equal |F|² (real f), so only half of reciprocal space is computed.
 */
import { invDSquared, isHexagonalCell, reciprocalMetric } from './cell';
import { formFactor } from './form-factors';
import { type CellAtom, expandAtoms, type Structure } from './structure';

export interface SimulateOptions {
  /** Wavelength in Å (default 1.54184, Cu Kα weighted mean as pymatgen's "CuKa"). */
  wavelength?: number;
  /** 2θ range in degrees (default [0, 90]). */
  twoThetaRange?: [number, number];
  /** Apply exp(−B s²) with each site's B (default false, as pymatgen). */
  debyeWaller?: boolean;
  /** Default B (Å²) for sites without one when debyeWaller is on. */
  defaultB?: number;
  /** Apply the Lorentz–polarisation factor (default true). */
  lorentzPolarization?: boolean;
  /** Relative-intensity cut-off in percent (default 0.001, pymatgen's SCALED_INTENSITY_TOL). */
  minRelativeIntensity?: number;
}

export interface HklFamily {
  hkl: number[];
  multiplicity: number;
}

export interface SimulatedPeak {
  twoTheta: number;
  d: number;
  /** Relative intensity, 0–100. */
  intensity: number;
  /** Unscaled |F|²·Lp summed over the peak's reflections. */
  absoluteIntensity: number;
  families: HklFamily[];
}

const TWO_THETA_TOL = 1e-5;
const atomCache = new WeakMap<Structure, CellAtom[]>();

function atomsOf(s: Structure): CellAtom[] {
  let atoms = atomCache.get(s);
  if (!atoms) {
    atoms = expandAtoms(s);
    atomCache.set(s, atoms);
  }
  return atoms;
}

/** pymatgen's get_unique_families: group by sorted |indices|; representative = the largest member. */
export function uniqueFamilies(hkls: number[][]): HklFamily[] {
  const groups: { key: string; members: number[][] }[] = [];
  for (const hkl of hkls) {
    const key = hkl
      .map(Math.abs)
      .sort((a, b) => a - b)
      .join(',');
    const g = groups.find((x) => x.key === key);
    if (g) g.members.push(hkl);
    else groups.push({ key, members: [hkl] });
  }
  return groups.map((g) => {
    let best = g.members[0] as number[];
    for (const m of g.members) if (compareTuples(m, best) > 0) best = m;
    return { hkl: [...best], multiplicity: g.members.length };
  });
}

function compareTuples(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

export function simulatePattern(structure: Structure, options: SimulateOptions = {}): SimulatedPeak[] {
  const lambda = options.wavelength ?? 1.54184;
  const [tthMin, tthMax] = options.twoThetaRange ?? [0, 90];
  const useDW = options.debyeWaller ?? false;
  const useLp = options.lorentzPolarization ?? true;
  const minRel = options.minRelativeIntensity ?? 1e-3;
  const atoms = atomsOf(structure);
  const gs = reciprocalMetric(structure.cell);
  const maxR = (2 * Math.sin(((Math.min(tthMax, 180) / 2) * Math.PI) / 180)) / lambda;
  const minR = (2 * Math.sin(((Math.max(tthMin, 0) / 2) * Math.PI) / 180)) / lambda;
  const maxR2 = maxR * maxR * (1 + 1e-12);
  const minR2 = minR * minR;
  const hmax = Math.floor(maxR * structure.cell.a + 1e-9);
  const kmax = Math.floor(maxR * structure.cell.b + 1e-9);
  const lmax = Math.floor(maxR * structure.cell.c + 1e-9);

  // Distinct elements and per-atom arrays for the structure-factor loop.
  const elements = [...new Set(atoms.map((a) => a.element))];
  const nAtoms = atoms.length;
  const elIndex = new Int32Array(nAtoms);
  const ax = new Float64Array(nAtoms);
  const ay = new Float64Array(nAtoms);
  const az = new Float64Array(nAtoms);
  const occ = new Float64Array(nAtoms);
  const bIso = new Float64Array(nAtoms);
  atoms.forEach((a, i) => {
    elIndex[i] = elements.indexOf(a.element);
    ax[i] = 2 * Math.PI * a.x;
    ay[i] = 2 * Math.PI * a.y;
    az[i] = 2 * Math.PI * a.z;
    occ[i] = a.occupancy;
    bIso[i] = a.biso ?? options.defaultB ?? 0;
  });
  const fEl = new Float64Array(elements.length);

  // Reflections of one half of reciprocal space (the other half are Friedel mates).
  const refl: { tth: number; d: number; i: number; h: number; k: number; l: number }[] = [];
  for (let h = 0; h <= hmax; h++) {
    for (let k = h === 0 ? 0 : -kmax; k <= kmax; k++) {
      for (let l = h === 0 && k === 0 ? 1 : -lmax; l <= lmax; l++) {
        const g2 = invDSquared(gs, h, k, l);
        if (g2 > maxR2 || g2 < minR2 || g2 === 0) continue;
        const g = Math.sqrt(g2);
        const sinTheta = (lambda * g) / 2;
        if (sinTheta > 1) continue;
        const theta = Math.asin(sinTheta);
        const s2 = g2 / 4;
        for (let e = 0; e < elements.length; e++) fEl[e] = formFactor(elements[e] as string, s2);
        let re = 0;
        let im = 0;
        for (let j = 0; j < nAtoms; j++) {
          let w = (fEl[elIndex[j] as number] as number) * (occ[j] as number);
          if (useDW) w *= Math.exp(-(bIso[j] as number) * s2);
          const phase = h * (ax[j] as number) + k * (ay[j] as number) + l * (az[j] as number);
          re += w * Math.cos(phase);
          im += w * Math.sin(phase);
        }
        const cos2t = Math.cos(2 * theta);
        const lp = useLp ? (1 + cos2t * cos2t) / (sinTheta * sinTheta * Math.cos(theta)) : 1;
        refl.push({ tth: (2 * theta * 180) / Math.PI, d: 1 / g, i: (re * re + im * im) * lp, h, k, l });
      }
    }
  }
  refl.sort((a, b) => a.tth - b.tth);
  const hex = isHexagonalCell(structure.cell);
  const peaks: SimulatedPeak[] = [];
  let groupHkls: number[][] = [];
  let current: { tth: number; d: number; i: number } | undefined;
  const flush = () => {
    if (current) peaks.push({ twoTheta: current.tth, d: current.d, intensity: 0, absoluteIntensity: current.i, families: uniqueFamilies(groupHkls) });
  };
  for (const r of refl) {
    if (!current || r.tth - current.tth >= TWO_THETA_TOL) {
      flush();
      current = { tth: r.tth, d: r.d, i: 0 };
      groupHkls = [];
    }
    current.i += 2 * r.i;
    const plus = hex ? [r.h, r.k, -r.h - r.k, r.l] : [r.h, r.k, r.l];
    groupHkls.push(
      plus,
      plus.map((v) => (v === 0 ? 0 : -v)),
    );
  }
  flush();
  let max = 0;
  for (const p of peaks) if (p.absoluteIntensity > max) max = p.absoluteIntensity;
  const kept: SimulatedPeak[] = [];
  for (const p of peaks) {
    p.intensity = max > 0 ? (100 * p.absoluteIntensity) / max : 0;
    if (p.intensity > minRel) kept.push(p);
  }
  return kept;
}
