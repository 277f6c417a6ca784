/**
 * Lattice-parameter refinement from indexed peak positions for all seven crystal systems.
 * Bragg's law gives Q = 1/d² = hᵀG*h, linear in the reciprocal metric components
 * (A, B, C, D, E, F) = (G*₁₁, G*₂₂, G*₃₃, 2G*₂₃, 2G*₁₃, 2G*₁₂); each system ties them together
 * (cubic A=B=C; tetragonal A=B; hexagonal/trigonal A=B=F; rhombohedral A=B=C, D=E=F; orthorhombic;
 * monoclinic b-unique with E; triclinic all six). A weighted linear fit (σ(Q) from σ(2θ) through
 * dQ/dθ = 8 sinθ cosθ/λ², i.e. 4 sinθ cosθ/λ² per unit of 2θ) gives G*, and
 * G = (G*)⁻¹ the cell; cell errors by first-order propagation of the parameter covariance
 * (numerical derivatives). Cf. Holland & Redfern, Mineral. Mag. 61 (1997) 65 (UnitCell).
 */
import { weightedLinearFit } from '@ionscope/numerics';
import { type Cell, cellVolume, invert3 } from '../structure/cell';

export type CrystalSystem = 'cubic' | 'tetragonal' | 'hexagonal' | 'trigonal' | 'rhombohedral' | 'orthorhombic' | 'monoclinic' | 'triclinic';

export interface IndexedPeak {
  hkl: [number, number, number];
  twoTheta: number;
  /** σ(2θ) in degrees (default 0.01°). */
  sigma?: number;
}

export interface LatticeResult {
  system: CrystalSystem;
  cell: Cell;
  cellStderr: Cell;
  volume: { value: number; stderr: number };
  reducedChiSquare: number;
  dof: number;
  /** Observed − calculated 2θ per peak, degrees. */
  residuals: number[];
}

const DEG = Math.PI / 180;

/** Row of the design matrix for a system: maps its free parameters onto (A..F) contributions. */
export function designRow(system: CrystalSystem, h: number, k: number, l: number): number[] {
  const hh = h * h;
  const kk = k * k;
  const ll = l * l;
  switch (system) {
    case 'cubic':
      return [hh + kk + ll];
    case 'tetragonal':
      return [hh + kk, ll];
    case 'hexagonal':
    case 'trigonal':
      return [hh + kk + h * k, ll];
    case 'rhombohedral':
      return [hh + kk + ll, k * l + h * l + h * k];
    case 'orthorhombic':
      return [hh, kk, ll];
    case 'monoclinic':
      return [hh, kk, ll, h * l];
    case 'triclinic':
      return [hh, kk, ll, k * l, h * l, h * k];
  }
}

/** Free parameters → reciprocal metric G* (row-major 3×3). */
export function reciprocalFromParams(system: CrystalSystem, p: ArrayLike<number>): Float64Array {
  let A = 0;
  let B = 0;
  let C = 0;
  let D = 0;
  let E = 0;
  let F = 0;
  const v = (i: number) => p[i] as number;
  switch (system) {
    case 'cubic':
      A = B = C = v(0);
      break;
    case 'tetragonal':
      A = B = v(0);
      C = v(1);
      break;
    case 'hexagonal':
    case 'trigonal':
      A = B = F = v(0);
      C = v(1);
      break;
    case 'rhombohedral':
      A = B = C = v(0);
      D = E = F = v(1);
      break;
    case 'orthorhombic':
      [A, B, C] = [v(0), v(1), v(2)];
      break;
    case 'monoclinic':
      [A, B, C, E] = [v(0), v(1), v(2), v(3)];
      break;
    case 'triclinic':
      [A, B, C, D, E, F] = [v(0), v(1), v(2), v(3), v(4), v(5)];
      break;
  }
  return Float64Array.of(A, F / 2, E / 2, F / 2, B, D / 2, E / 2, D / 2, C);
}

export function cellFromReciprocalMetric(gs: Float64Array): Cell {
  const g = invert3(gs);
  const a = Math.sqrt(g[0] as number);
  const b = Math.sqrt(g[4] as number);
  const c = Math.sqrt(g[8] as number);
  return {
    a,
    b,
    c,
    alpha: Math.acos((g[5] as number) / (b * c)) / DEG,
    beta: Math.acos((g[2] as number) / (a * c)) / DEG,
    gamma: Math.acos((g[1] as number) / (a * b)) / DEG,
  };
}

export function refineLattice(peaks: IndexedPeak[], system: CrystalSystem, wavelength: number): LatticeResult {
  const nPar = designRow(system, 1, 1, 1).length;
  const m = peaks.length;
  if (m < nPar) throw new RangeError(`${system} refinement needs at least ${nPar} indexed peaks, got ${m}`);
  const A = new Float64Array(m * nPar);
  const q = new Float64Array(m);
  const w = new Float64Array(m);
  peaks.forEach((pk, i) => {
    const [h, k, l] = pk.hkl;
    A.set(designRow(system, h, k, l), i * nPar);
    const theta = (pk.twoTheta * DEG) / 2;
    const s = Math.sin(theta);
    q[i] = (4 * s * s) / (wavelength * wavelength);
    const dq = ((4 * s * Math.cos(theta)) / (wavelength * wavelength)) * (pk.sigma ?? 0.01) * DEG;
    w[i] = 1 / (dq * dq);
  });
  const fit = weightedLinearFit(A, m, nPar, q, w, m === nPar);
  const cell = cellFromReciprocalMetric(reciprocalFromParams(system, fit.params));
  // First-order propagation to the cell parameters and volume.
  const keys: (keyof Cell)[] = ['a', 'b', 'c', 'alpha', 'beta', 'gamma'];
  const J: number[][] = [];
  const base = [...keys.map((k) => cell[k]), cellVolume(cell)];
  for (let j = 0; j < nPar; j++) {
    const dp = Float64Array.from(fit.params);
    const h = Math.abs(dp[j] as number) * 1e-6 || 1e-12;
    dp[j] = (dp[j] as number) + h;
    const c2 = cellFromReciprocalMetric(reciprocalFromParams(system, dp));
    const shifted = [...keys.map((k) => c2[k]), cellVolume(c2)];
    J.push(shifted.map((v, i) => (v - (base[i] as number)) / h));
  }
  const err = base.map((_, i) => {
    let v = 0;
    for (let j = 0; j < nPar; j++) for (let k = 0; k < nPar; k++) v += (J[j]?.[i] as number) * (J[k]?.[i] as number) * (fit.covariance[j * nPar + k] as number);
    return Math.sqrt(Math.max(0, v));
  });
  const gs = reciprocalFromParams(system, fit.params);
  const residuals = peaks.map((pk) => {
    const [h, k, l] = pk.hkl;
    const qc =
      (gs[0] as number) * h * h +
      (gs[4] as number) * k * k +
      (gs[8] as number) * l * l +
      2 * ((gs[1] as number) * h * k + (gs[2] as number) * h * l + (gs[5] as number) * k * l);
    const tc = (2 * Math.asin(Math.min(1, (wavelength * Math.sqrt(qc)) / 2))) / DEG;
    return pk.twoTheta - tc;
  });
  return {
    system,
    cell,
    cellStderr: { a: err[0] as number, b: err[1] as number, c: err[2] as number, alpha: err[3] as number, beta: err[4] as number, gamma: err[5] as number },
    volume: { value: base[6] as number, stderr: err[6] as number },
    reducedChiSquare: fit.reducedChiSquare,
    dof: fit.dof,
    residuals,
  };
}

/** The crystal system implied by a cell (for defaults when none is given). */
export function guessCrystalSystem(cell: Cell, tol = 1e-3): CrystalSystem {
  const eq = (x: number, y: number) => Math.abs(x - y) < tol * Math.max(x, y);
  const right = (x: number) => Math.abs(x - 90) < 0.01;
  const { a, b, c, alpha, beta, gamma } = cell;
  if (right(alpha) && right(beta) && right(gamma)) {
    if (eq(a, b) && eq(b, c)) return 'cubic';
    if (eq(a, b)) return 'tetragonal';
    return 'orthorhombic';
  }
  if (right(alpha) && right(beta) && Math.abs(gamma - 120) < 0.01 && eq(a, b)) return 'hexagonal';
  if (eq(a, b) && eq(b, c) && Math.abs(alpha - beta) < 0.01 && Math.abs(beta - gamma) < 0.01) return 'rhombohedral';
  if (right(alpha) && right(gamma)) return 'monoclinic';
  return 'triclinic';
}
