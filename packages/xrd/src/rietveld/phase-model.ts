/**
 * One crystalline phase of a Rietveld refinement: its reflection list (one entry per set of
 * symmetry-equivalent hkl, with its multiplicity), the atoms of the unit cell traced back to the
 * asymmetric-unit site and operator that generated them, and the structure factors
 * F(h) = Σⱼ fⱼ(s)·occⱼ·exp(−Bⱼ s²)·exp(2πi h·rⱼ) with their analytic derivatives with respect to
 * displacement parameters and free site coordinates (H. M. Rietveld, J. Appl. Cryst. 2 (1969) 65).
 *
 * Equivalent reflections are found with the rotation parts of the CIF operators (h' = h·R) plus
 * Friedel's law, so a reflection family keeps one d-spacing whatever the refined cell (the cell is
 * constrained by the crystal system) and its |F|² is computed once. Systematic absences come out of
 * the structure factor at the starting model and are dropped.
 */
import { type CrystalSystem, designRow } from '../peaks/lattice';
import { cellMass } from '../structure/atomic-weights';
import { invDSquared, reciprocalMetric } from '../structure/cell';
import { formFactor } from '../structure/form-factors';
import { expandAtoms, type Structure } from '../structure/structure';
import { samePosition } from '../structure/symmetry';
import { freeCoordinateBasis } from './special-positions';

export interface PhaseSite {
  label: string;
  element: string;
  occupancy: number;
  /** B from the CIF (Å²), 0 when it gives none. */
  bCif: number;
  /** Starting fractional coordinates. */
  start: Float64Array;
  /** Free directions N (3 × free, row-major): r = start + N·u. */
  basis: Float64Array;
  free: number;
}

/** A parameter acting on the structure factors of a phase. */
export type IntensityParam = { kind: 'overallB' } | { kind: 'siteB'; site: number } | { kind: 'coord'; site: number; direction: number };

export interface PhaseModelOptions {
  system: CrystalSystem;
  /** Kα1 (or monochromatic) wavelength, Å. */
  wavelength: number;
  /** Largest 2θ that can matter (°), including profile tails and cell changes. */
  twoThetaMax: number;
  /** Per-site B (one parameter per site) instead of one overall B added to the CIF values. */
  siteB: boolean;
  /** Indices of sites whose free coordinates are refined. */
  coordinateSites: number[];
}

export class PhaseModel {
  readonly structure: Structure;
  readonly system: CrystalSystem;
  readonly sites: PhaseSite[];
  readonly intensityParams: IntensityParam[];
  /** Mass of the unit-cell contents (g/mol) from occupancies and IUPAC 2021 atomic weights. */
  readonly cellMass: number;
  readonly nAtoms: number;
  nRefl = 0;
  /** Representative hkl of each reflection (3 per reflection). */
  readonly hkl: Int32Array;
  readonly multiplicity: Float64Array;
  /** Number of reciprocal-metric parameters of the crystal system, and each reflection's design row (1/d² = row·p). */
  readonly nCell: number;
  readonly design: Float64Array;
  private readonly atomSite: Int32Array;
  private readonly atomRot: Float64Array;
  private readonly atomTrans: Float64Array;
  private readonly atomElement: Int32Array;
  private readonly elements: string[];
  private readonly pos: Float64Array;
  private readonly fEl: Float64Array;
  /** Per atom and intensity parameter: ∂(2π h·r)/∂u needs h·(R N), stored as 3 numbers (R N column) per (atom, parameter). */
  private readonly dPos: Float64Array;

  constructor(structure: Structure, options: PhaseModelOptions) {
    this.structure = structure;
    this.system = options.system;
    const expanded = expandAtoms(structure);
    this.cellMass = cellMass(expanded);
    this.sites = structure.sites.map((s) => {
      const { basis, free } = freeCoordinateBasis(structure.symops, s.x, s.y, s.z);
      return { label: s.label, element: s.element, occupancy: s.occupancy, bCif: s.biso ?? 0, start: Float64Array.of(s.x, s.y, s.z), basis, free };
    });
    // Atoms of the cell with the (site, operator) that generated them; duplicates removed as expandAtoms does.
    const atoms: { site: number; op: number }[] = [];
    const p = new Float64Array(3);
    const placed: number[][] = [];
    structure.sites.forEach((s, si) => {
      const first = placed.length;
      structure.symops.forEach((op, oi) => {
        for (let i = 0; i < 3; i++) {
          const v = (op.rotation[3 * i] as number) * s.x + (op.rotation[3 * i + 1] as number) * s.y + (op.rotation[3 * i + 2] as number) * s.z;
          p[i] = v + (op.translation[i] as number);
        }
        for (let j = first; j < placed.length; j++) if (samePosition(placed[j] as number[], p, 1e-3)) return;
        placed.push([p[0] as number, p[1] as number, p[2] as number].map((v) => v - Math.floor(v)));
        atoms.push({ site: si, op: oi });
      });
    });
    this.nAtoms = atoms.length;
    this.elements = [...new Set(structure.sites.map((s) => s.element))];
    this.fEl = new Float64Array(this.elements.length);
    this.atomSite = Int32Array.from(atoms, (a) => a.site);
    this.atomElement = Int32Array.from(atoms, (a) => this.elements.indexOf((structure.sites[a.site] as { element: string }).element));
    this.atomRot = new Float64Array(9 * this.nAtoms);
    this.atomTrans = new Float64Array(3 * this.nAtoms);
    atoms.forEach((a, i) => {
      const op = structure.symops[a.op] as { rotation: Int8Array; translation: Float64Array };
      for (let j = 0; j < 9; j++) this.atomRot[9 * i + j] = op.rotation[j] as number;
      for (let j = 0; j < 3; j++) this.atomTrans[3 * i + j] = op.translation[j] as number;
    });
    this.pos = new Float64Array(3 * this.nAtoms);

    const params: IntensityParam[] = [];
    if (options.siteB) this.sites.forEach((_, site) => params.push({ kind: 'siteB', site }));
    else params.push({ kind: 'overallB' });
    for (const site of options.coordinateSites) {
      for (let d = 0; d < (this.sites[site] as PhaseSite).free; d++) params.push({ kind: 'coord', site, direction: d });
    }
    this.intensityParams = params;
    this.dPos = new Float64Array(3 * this.nAtoms * params.length);
    params.forEach((q, k) => {
      if (q.kind !== 'coord') return;
      const s = this.sites[q.site] as PhaseSite;
      for (let i = 0; i < this.nAtoms; i++) {
        if (this.atomSite[i] !== q.site) continue;
        for (let r = 0; r < 3; r++) {
          let v = 0;
          for (let c = 0; c < 3; c++) v += (this.atomRot[9 * i + 3 * r + c] as number) * (s.basis[c * s.free + q.direction] as number);
          this.dPos[3 * (k * this.nAtoms + i) + r] = v;
        }
      }
    });

    // Reflections: every h with 2θ ≤ twoThetaMax, grouped into orbits under the point group and −1.
    this.nCell = designRow(options.system, 1, 1, 1).length;
    const gs = reciprocalMetric(structure.cell);
    const maxR = (2 * Math.sin((Math.min(options.twoThetaMax, 179.9) * Math.PI) / 360)) / options.wavelength;
    const maxR2 = maxR * maxR;
    const hmax = Math.ceil(maxR * structure.cell.a * 1.02);
    const kmax = Math.ceil(maxR * structure.cell.b * 1.02);
    const lmax = Math.ceil(maxR * structure.cell.c * 1.02);
    const rotations = uniqueRotations(structure);
    const orbit = new Map<number, { h: number; k: number; l: number; count: number }>();
    const key = (h: number, k: number, l: number) => ((h + 512) * 1024 + (k + 512)) * 1024 + (l + 512);
    for (let h = -hmax; h <= hmax; h++) {
      for (let k = -kmax; k <= kmax; k++) {
        for (let l = -lmax; l <= lmax; l++) {
          if (h === 0 && k === 0 && l === 0) continue;
          if (invDSquared(gs, h, k, l) > maxR2) continue;
          let best = Number.NEGATIVE_INFINITY;
          let rep = [h, k, l];
          for (const R of rotations) {
            const a = h * (R[0] as number) + k * (R[3] as number) + l * (R[6] as number);
            const b = h * (R[1] as number) + k * (R[4] as number) + l * (R[7] as number);
            const c = h * (R[2] as number) + k * (R[5] as number) + l * (R[8] as number);
            for (const sgn of [1, -1]) {
              const kk = key(sgn * a, sgn * b, sgn * c);
              if (kk > best) {
                best = kk;
                rep = [sgn * a, sgn * b, sgn * c];
              }
            }
          }
          const o = orbit.get(best);
          if (o) o.count++;
          else orbit.set(best, { h: rep[0] as number, k: rep[1] as number, l: rep[2] as number, count: 1 });
        }
      }
    }
    const list = [...orbit.values()];
    // Drop systematic absences (|F|² ≈ 0 at the starting model, whatever B).
    const f2 = new Float64Array(list.length);
    const hklAll = Int32Array.from(list.flatMap((o) => [o.h, o.k, o.l]));
    this.hkl = hklAll;
    this.nRefl = list.length;
    this.multiplicity = Float64Array.from(list, (o) => o.count);
    this.design = new Float64Array(0);
    const startQ = Float64Array.from(list, (o) => invDSquared(gs, o.h, o.k, o.l));
    this.structureFactors(startQ, this.startValues(), f2, null);
    let fmax = 0;
    for (const v of f2) fmax = Math.max(fmax, v);
    const keep = list
      .map((_, i) => (f2[i] as number) > 1e-9 * fmax)
      .map((k, i) => (k ? i : -1))
      .filter((i) => i >= 0);
    keep.sort((i, j) => (startQ[i] as number) - (startQ[j] as number));
    this.hkl = Int32Array.from(keep.flatMap((i) => [hklAll[3 * i] as number, hklAll[3 * i + 1] as number, hklAll[3 * i + 2] as number]));
    this.multiplicity = Float64Array.from(keep, (i) => (list[i] as { count: number }).count);
    this.nRefl = keep.length;
    this.design = new Float64Array(this.nRefl * this.nCell);
    for (let r = 0; r < this.nRefl; r++) {
      this.design.set(designRow(options.system, this.hkl[3 * r] as number, this.hkl[3 * r + 1] as number, this.hkl[3 * r + 2] as number), r * this.nCell);
    }
  }

  /** Starting values of the intensity parameters (overall B 0 added to the CIF's, site B from the CIF or 0.5 Å², coordinates 0). */
  startValues(): Float64Array {
    return Float64Array.from(this.intensityParams, (q) => (q.kind === 'siteB' ? (this.structure.sites[q.site]?.biso ?? 0.5) : 0));
  }

  /** Fractional coordinates of a site for intensity-parameter values `ip`. */
  siteCoordinates(site: number, ip: ArrayLike<number>): [number, number, number] {
    const s = this.sites[site] as PhaseSite;
    const out: [number, number, number] = [s.start[0] as number, s.start[1] as number, s.start[2] as number];
    this.intensityParams.forEach((q, k) => {
      if (q.kind !== 'coord' || q.site !== site) return;
      for (let r = 0; r < 3; r++) out[r] += (s.basis[r * s.free + q.direction] as number) * (ip[k] as number);
    });
    return out;
  }

  /**
   * |F|² of every reflection at 1/d² = Q[r] for intensity parameters `ip`, and (when dF2 is given)
   * ∂|F|²/∂ip (nRefl × nIntensityParams, row-major).
   */
  structureFactors(Q: Float64Array, ip: ArrayLike<number>, F2: Float64Array, dF2: Float64Array | null): void {
    const nA = this.nAtoms;
    const np = this.intensityParams.length;
    const pos = this.pos;
    // Site positions, then atom positions r = R·r_site + t.
    const sitePos = this.sites.map((_, s) => this.siteCoordinates(s, ip));
    for (let i = 0; i < nA; i++) {
      const sp = sitePos[this.atomSite[i] as number] as [number, number, number];
      for (let r = 0; r < 3; r++) {
        pos[3 * i + r] =
          (this.atomRot[9 * i + 3 * r] as number) * sp[0] +
          (this.atomRot[9 * i + 3 * r + 1] as number) * sp[1] +
          (this.atomRot[9 * i + 3 * r + 2] as number) * sp[2] +
          (this.atomTrans[3 * i + r] as number);
      }
    }
    let overallB = 0;
    const siteB = new Float64Array(this.sites.length);
    this.sites.forEach((s, k) => {
      siteB[k] = s.bCif;
    });
    this.intensityParams.forEach((q, k) => {
      if (q.kind === 'overallB') overallB = ip[k] as number;
      else if (q.kind === 'siteB') siteB[q.site] = ip[k] as number;
    });
    const TWO_PI = 2 * Math.PI;
    const siteRe = dF2 ? new Float64Array(this.sites.length) : null;
    const siteIm = dF2 ? new Float64Array(this.sites.length) : null;
    const dRe = dF2 ? new Float64Array(np) : null;
    const dIm = dF2 ? new Float64Array(np) : null;
    for (let r = 0; r < this.nRefl; r++) {
      const h = this.hkl[3 * r] as number;
      const k = this.hkl[3 * r + 1] as number;
      const l = this.hkl[3 * r + 2] as number;
      const s2 = (Q[r] as number) / 4;
      for (let e = 0; e < this.elements.length; e++) this.fEl[e] = formFactor(this.elements[e] as string, s2);
      let re = 0;
      let im = 0;
      if (siteRe && siteIm && dRe && dIm) {
        siteRe.fill(0);
        siteIm.fill(0);
        dRe.fill(0);
        dIm.fill(0);
      }
      for (let i = 0; i < nA; i++) {
        const site = this.atomSite[i] as number;
        const st = this.sites[site] as PhaseSite;
        const w = (this.fEl[this.atomElement[i] as number] as number) * st.occupancy * Math.exp(-((siteB[site] as number) + overallB) * s2);
        const phase = TWO_PI * (h * (pos[3 * i] as number) + k * (pos[3 * i + 1] as number) + l * (pos[3 * i + 2] as number));
        const c = w * Math.cos(phase);
        const sn = w * Math.sin(phase);
        re += c;
        im += sn;
        if (siteRe && siteIm && dRe && dIm) {
          siteRe[site] = (siteRe[site] as number) + c;
          siteIm[site] = (siteIm[site] as number) + sn;
          for (let q = 0; q < np; q++) {
            const off = 3 * (q * nA + i);
            const dp = this.dPos[off] as number;
            const dq = this.dPos[off + 1] as number;
            const dr = this.dPos[off + 2] as number;
            if (dp === 0 && dq === 0 && dr === 0) continue;
            const dphi = TWO_PI * (h * dp + k * dq + l * dr);
            // d(w e^{iφ})/du = i·dφ·w e^{iφ}
            dRe[q] = (dRe[q] as number) - dphi * sn;
            dIm[q] = (dIm[q] as number) + dphi * c;
          }
        }
      }
      F2[r] = re * re + im * im;
      if (dF2 && siteRe && siteIm && dRe && dIm) {
        for (let q = 0; q < np; q++) {
          const par = this.intensityParams[q] as IntensityParam;
          let d: number;
          if (par.kind === 'overallB') d = -2 * s2 * (re * re + im * im);
          else if (par.kind === 'siteB') d = -2 * s2 * (re * (siteRe[par.site] as number) + im * (siteIm[par.site] as number));
          else d = 2 * (re * (dRe[q] as number) + im * (dIm[q] as number));
          dF2[r * np + q] = d;
        }
      }
    }
  }
}

/** The distinct rotation matrices of the operators (the point group), as numbers. */
function uniqueRotations(structure: Structure): number[][] {
  const seen = new Set<string>();
  const out: number[][] = [];
  for (const op of structure.symops) {
    const key = Array.from(op.rotation).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(Array.from(op.rotation));
  }
  if (!out.length) out.push([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  return out;
}
