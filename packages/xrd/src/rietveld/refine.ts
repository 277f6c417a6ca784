/**
 * Rietveld refinement (H. M. Rietveld, J. Appl. Cryst. 2 (1969) 65) of one or more phases against a
 * powder pattern: weighted least squares Σ wᵢ (yᵢ − y_c,i)², wᵢ = 1/σᵢ² (1/counts for counting data),
 * by the Levenberg–Marquardt of @ionscope/numerics with the analytic Jacobian of {@link RietveldModel}.
 *
 * Refined: per phase a scale factor, the cell (reciprocal-metric parameters of its crystal system, as
 * the lattice and Pawley code), an overall isotropic B added to the CIF values (or one B per site),
 * and optionally the free coordinates of chosen sites (special positions respected through the null
 * space of their site symmetry); shared by all phases a zero shift (and optionally specimen
 * displacement), Caglioti U V W, the pseudo-Voigt η₀ (+ slope η₁) and a Chebyshev background.
 *
 * Staged, each stage starting from the previous one (as in the usual practice; Young, The Rietveld
 * Method, 1993, ch. 1): 1 scales + background; 2 + cell and zero, first on the low-angle part of the
 * pattern (a strained cell shifts high-angle peaks by more than their width) then widening the range;
 * 3 + profile; 4 + structure (B, coordinates). The last stage refines everything, so its covariance
 * (scaled by the reduced χ², the usual convention) gives the standard errors.
 *
 * Agreement: Rp = Σ|y − y_c|/Σy, Rwp = √(Σw(y − y_c)²/Σwy²), Rexp = √((N − P)/Σwy²),
 * GOF = Rwp/Rexp (χ²_red = GOF²), R-Bragg = Σ|I_obs − I_calc|/ΣI_obs with Rietveld's partition of the
 * observed intensity (Young 1993, ch. 1). Weight fractions W_p = S_p(ZMV)_p / Σ S_i(ZMV)_i (Hill &
 * Howard, J. Appl. Cryst. 20 (1987) 467) with errors propagated from the full covariance (scales and cells).
 */
import { levenbergMarquardt, weightedLinearFit } from '@ionscope/numerics';
import type { Doublet } from '../peaks/fit';
import { type CrystalSystem, cellFromReciprocalMetric, reciprocalFromParams } from '../peaks/lattice';
import { cellParamsFromMetric } from '../phase/pawley';
import { type Cell, cellVolume, reciprocalMetric } from '../structure/cell';
import type { Structure } from '../structure/structure';
import { RietveldModel } from './model';
import { PhaseModel } from './phase-model';

export interface RietveldPhaseInput {
  structure: Structure;
  name: string;
  system: CrystalSystem;
  /** Indices (into structure.sites) of the sites whose free coordinates are refined. */
  coordinateSites?: number[];
}

export interface RietveldOptions {
  /** Kα1 (or monochromatic) wavelength, Å. */
  wavelength: number;
  doublet?: Doublet;
  /** Number of Chebyshev background terms (default 8). */
  backgroundTerms?: number;
  /** Starting FWHM (°): W = fwhm², U = V = 0. */
  fwhm?: number;
  /** Starting η (default 0.5). */
  eta?: number;
  /** One B per site instead of an overall B per phase. */
  siteB?: boolean;
  /** Half-width of the peak window in FWHMs (default 20). */
  window?: number;
  refineDisplacement?: boolean;
  /** Refine η₁ (η varying linearly with 2θ); default true. */
  refineEtaSlope?: boolean;
  /** Iterations per stage (default 60). */
  maxIterations?: number;
  signal?: AbortSignal;
}

export interface ParamInfo {
  name: string;
  unit: string;
  /** Phase index, or −1 for global parameters. */
  phase: number;
  stage: number;
  refined: boolean;
}

export interface StageRecord {
  stage: number;
  name: string;
  refined: string[];
  twoThetaMax: number;
  iterations: number;
  rwp: number;
  reducedChiSquare: number;
  converged: boolean;
  reason: string;
  /** A stage on part of the range whose result fitted the whole range worse than its start: undone. */
  reverted?: boolean;
}

export interface ValueWithError {
  value: number;
  stderr: number;
}

export interface PhaseResult {
  name: string;
  system: CrystalSystem;
  cell: Cell;
  cellStderr: Cell;
  volume: ValueWithError;
  scale: ValueWithError;
  overallB?: ValueWithError;
  siteB?: { label: string; B: ValueWithError }[];
  coordinates: { label: string; x: ValueWithError; y: ValueWithError; z: ValueWithError }[];
  cellMass: number;
  weightFraction: ValueWithError;
  rBragg: number;
  reflections: { hkl: number[]; twoTheta: number; d: number; multiplicity: number; iCalc: number; iObs: number }[];
}

export interface RietveldResult {
  params: Float64Array;
  stderr: Float64Array;
  info: ParamInfo[];
  zero: ValueWithError;
  displacement: ValueWithError;
  caglioti: { U: ValueWithError; V: ValueWithError; W: ValueWithError };
  eta0: ValueWithError;
  eta1: ValueWithError;
  etaCentre: number;
  backgroundCoefficients: number[];
  calculated: Float64Array;
  background: Float64Array;
  phaseCurves: Float64Array[];
  phases: PhaseResult[];
  rp: number;
  rwp: number;
  rexp: number;
  gof: number;
  reducedChiSquare: number;
  points: number;
  freeParameters: number;
  stages: StageRecord[];
  converged: boolean;
}

const CELL_KEYS: (keyof Cell)[] = ['a', 'b', 'c', 'alpha', 'beta', 'gamma'];

export function rietveldRefine(x: Float64Array, y: Float64Array, sigma: Float64Array, inputs: RietveldPhaseInput[], options: RietveldOptions): RietveldResult {
  const m = x.length;
  const x0 = x[0] as number;
  const x1 = x[m - 1] as number;
  const window = options.window ?? 20;
  const fwhm0 = options.fwhm ?? 0.1;
  const phases = inputs.map(
    (ph) =>
      new PhaseModel(ph.structure, {
        system: ph.system,
        wavelength: options.wavelength,
        twoThetaMax: Math.min(179, x1 + 2 + window * fwhm0),
        siteB: options.siteB ?? false,
        coordinateSites: ph.coordinateSites ?? [],
      }),
  );
  const nBg = options.backgroundTerms ?? 8;
  const model = new RietveldModel(x, phases, options.wavelength, options.doublet, nBg, window);
  const L = model.layout;
  const n = L.n;

  // Parameter table: start values, bounds, stage and names.
  const initial = new Float64Array(n);
  const lower = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const info: ParamInfo[] = new Array(n);
  const set = (
    i: number,
    name: string,
    unit: string,
    stage: number,
    value: number,
    lo = Number.NEGATIVE_INFINITY,
    hi = Number.POSITIVE_INFINITY,
    phase = -1,
    refined = true,
  ) => {
    initial[i] = value;
    lower[i] = lo;
    upper[i] = hi;
    info[i] = { name, unit, phase, stage, refined };
  };
  set(L.iZero, 'zero', '°', 2, 0, -1, 1);
  set(L.iDisp, 'displacement', '°', 2, 0, -1, 1, -1, options.refineDisplacement ?? false);
  set(L.iU, 'U', '°²', 3, 0);
  set(L.iU + 1, 'V', '°²', 3, 0);
  set(L.iU + 2, 'W', '°²', 3, fwhm0 * fwhm0, 1e-8);
  set(L.iEta0, 'eta0', '', 3, options.eta ?? 0.5, 0, 1);
  set(L.iEta0 + 1, 'eta1', '1/°', 3, 0, -0.05, 0.05, -1, options.refineEtaSlope ?? true);
  const sorted = Float64Array.from(y).sort();
  for (let j = 0; j < nBg; j++) set(L.iBg + j, `background${j}`, 'counts', 1, j === 0 ? (sorted[Math.floor(m * 0.2)] as number) : 0);
  phases.forEach((ph, k) => {
    const base = L.phaseStart[k] as number;
    const label = inputs[k]?.name ?? `phase${k + 1}`;
    set(base, `${label}.scale`, '', 1, 1, 0, Number.POSITIVE_INFINITY, k);
    const cellStart = cellParamsFromMetric(ph.system, reciprocalMetric(ph.structure.cell));
    cellStart.forEach((v, c) => {
      const span = 0.1 * Math.abs(v) + 1e-4;
      set(base + 1 + c, `${label}.G*${c + 1}`, 'Å^-2', 2, v, v - span, v + span, k);
    });
    const start = ph.startValues();
    ph.intensityParams.forEach((q, j) => {
      const i = base + 1 + ph.nCell + j;
      if (q.kind === 'overallB') set(i, `${label}.B`, 'Å^2', 4, start[j] as number, -2, 15, k);
      else if (q.kind === 'siteB') set(i, `${label}.${ph.sites[q.site]?.label}.B`, 'Å^2', 4, start[j] as number, -1, 20, k);
      else set(i, `${label}.${ph.sites[q.site]?.label}.u${q.direction + 1}`, '', 4, 0, -0.1, 0.1, k);
    });
  });

  // Starting scales: linear least squares of (y − b₀) on each phase's pattern at S = 1.
  const curves = phases.map(() => new Float64Array(m));
  const work = new Float64Array(m);
  model.evaluate(initial, work, undefined, curves);
  const net = Float64Array.from(y, (v) => v - (initial[L.iBg] as number));
  const design = new Float64Array(m * phases.length);
  for (let i = 0; i < m; i++) for (let k = 0; k < phases.length; k++) design[i * phases.length + k] = curves[k]?.[i] as number;
  const lin = weightedLinearFit(design, m, phases.length, net);
  const positive = Array.from(lin.params).filter((v) => v > 0);
  const fallback = positive.length ? Math.min(...positive) * 0.1 : 1e-6;
  phases.forEach((_, k) => {
    const v = lin.params[k] as number;
    initial[L.phaseStart[k] as number] = v > 0 && Number.isFinite(v) ? v : fallback;
  });

  const weights = Float64Array.from(sigma, (s) => 1 / Math.max(s, 1e-9));
  const masked = new Float64Array(m);
  const problem = {
    m,
    residuals(p: Float64Array, out: Float64Array) {
      model.evaluate(p, out);
      for (let i = 0; i < m; i++) out[i] = (out[i] as number) - (y[i] as number);
    },
    jacobian(p: Float64Array, Jout: Float64Array) {
      model.evaluate(p, work, Jout);
    },
  };
  const stages: StageRecord[] = [];
  let current = Float64Array.from(initial);
  let last: ReturnType<typeof levenbergMarquardt> | undefined;
  // weighted Σ r² over the whole range at parameters q
  const wholeRangeChiSquare = (q: Float64Array) => {
    problem.residuals(q, work);
    let sum = 0;
    for (let i = 0; i < m; i++) sum += ((weights[i] as number) * (work[i] as number)) ** 2;
    return sum;
  };
  const run = (stage: number, name: string, free: (i: number) => boolean, xmax: number) => {
    const partial = xmax < x1;
    const before = partial ? wholeRangeChiSquare(current) : 0;
    const start = current;
    for (let i = 0; i < m; i++) masked[i] = (x[i] as number) <= xmax ? (weights[i] as number) : 0;
    const fixed = Array.from({ length: n }, (_, i) => !(info[i]?.refined && free(i)));
    const fit = levenbergMarquardt(problem, {
      initial: current,
      lower,
      upper,
      fixed,
      weights: masked,
      maxIterations: options.maxIterations ?? 60,
      ftol: 1e-10,
      xtol: 1e-10,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    current = Float64Array.from(fit.params);
    last = fit;
    // With few reflections in a partial range, zero shift and cells can trade off into a solution
    // that fits there and nowhere else (a half-charged LiFePO4/FePO4 pattern from 15° to 40°: zero
    // 1°, a off by 0.6 Å, Rwp 55 %): such a stage is undone and the next, wider one starts over.
    const reverted = partial && wholeRangeChiSquare(current) > before;
    if (reverted) current = start;
    problem.residuals(current, work);
    const s = agreement(y, work, masked);
    stages.push({
      ...(reverted ? { reverted } : {}),
      stage,
      name,
      refined: info.filter((p, i) => !fixed[i] && p).map((p) => p.name),
      twoThetaMax: Math.min(xmax, x1),
      iterations: fit.iterations,
      rwp: s.rwp,
      reducedChiSquare: fit.reducedChiSquare,
      converged: fit.converged,
      reason: fit.reason,
    });
  };
  const upTo = (stage: number) => (i: number) => (info[i]?.stage ?? 99) <= stage;
  run(1, 'scale factors and background', upTo(1), x1);
  // Cell and zero with the background held, on a widening range, then with the background.
  // The constant width W goes with them: a wrong starting FWHM otherwise traps the cell in a false minimum.
  const notBg = (i: number) => ((i < L.iBg || i >= L.iBg + nBg) && upTo(2)(i)) || i === L.iU + 2;
  for (const f of [0.35, 0.65]) run(2, `cells, zero shift and W (2θ ≤ ${(x0 + f * (x1 - x0)).toFixed(1)}°)`, notBg, x0 + f * (x1 - x0));
  run(2, 'cells, zero shift, W, scales and background', (i) => upTo(2)(i) || i === L.iU + 2, x1);
  run(3, 'profile (U, V, W, η)', upTo(3), x1);
  run(4, 'B factors and coordinates (all parameters)', upTo(4), x1);
  const fit = last as ReturnType<typeof levenbergMarquardt>;
  const p = current;

  // Curves and agreement at the solution.
  const calculated = new Float64Array(m);
  const phaseCurves = phases.map(() => new Float64Array(m));
  model.evaluate(p, calculated, undefined, phaseCurves);
  const background = model.background(p, new Float64Array(m));
  const residuals = Float64Array.from(calculated, (v, i) => v - (y[i] as number));
  const free = info.filter((q) => q.refined).length;
  const stats = agreement(y, residuals, weights, free);
  const cov = fit.covariance;
  const se = (i: number): ValueWithError => ({ value: p[i] as number, stderr: fit.stderr[i] as number });

  // Per-phase results: cell ± (propagated from G*), weight fractions (Hill & Howard) ±, R-Bragg.
  const cellOf = (k: number, q: ArrayLike<number>) => {
    const ph = phases[k] as PhaseModel;
    const base = (L.phaseStart[k] as number) + 1;
    return cellFromReciprocalMetric(
      reciprocalFromParams(
        ph.system,
        Array.from({ length: ph.nCell }, (_, c) => q[base + c] as number),
      ),
    );
  };
  const fractionsOf = (q: ArrayLike<number>) => {
    const z = phases.map((ph, k) => (q[L.phaseStart[k] as number] as number) * ph.cellMass * cellVolume(cellOf(k, q)));
    const total = z.reduce((s, v) => s + v, 0);
    return z.map((v) => v / total);
  };
  const W = fractionsOf(p);
  const gradients = numericGradients(
    p,
    (q) => fractionsOf(q),
    (i) => info[i]?.name.endsWith('.scale') || info[i]?.name.includes('.G*') || false,
  );
  const phaseResults: PhaseResult[] = phases.map((ph, k) => {
    const base = L.phaseStart[k] as number;
    const cell = cellOf(k, p);
    const cellIdx = Array.from({ length: ph.nCell }, (_, c) => base + 1 + c);
    const cellGrad = numericGradients(
      p,
      (q) => [...CELL_KEYS.map((key) => cellOf(k, q)[key]), cellVolume(cellOf(k, q))],
      (i) => cellIdx.includes(i),
    );
    const cellErr = cellGrad.map((g) => Math.sqrt(Math.max(0, quadratic(g, cov, n))));
    const { iObs, iCalc } = model.partition(p, y, calculated, background, k);
    const st = model.states[k];
    let num = 0;
    let den = 0;
    const reflections: PhaseResult['reflections'] = [];
    for (let r = 0; r < ph.nRefl; r++) {
      const c = st?.c1[r] as number;
      if (!(c >= x0 && c <= x1)) continue;
      num += Math.abs((iObs[r] as number) - (iCalc[r] as number));
      den += Math.abs(iObs[r] as number);
      reflections.push({
        hkl: [ph.hkl[3 * r] as number, ph.hkl[3 * r + 1] as number, ph.hkl[3 * r + 2] as number],
        twoTheta: c,
        d: 1 / Math.sqrt(st?.Q[r] as number),
        multiplicity: ph.multiplicity[r] as number,
        iCalc: iCalc[r] as number,
        iObs: iObs[r] as number,
      });
    }
    const iInt = base + 1 + ph.nCell;
    const overall = ph.intensityParams.findIndex((q) => q.kind === 'overallB');
    const coordinates = (inputs[k]?.coordinateSites ?? []).map((site) => {
      const s = ph.sites[site];
      const idx: number[] = [];
      ph.intensityParams.forEach((q, j) => {
        if (q.kind === 'coord' && q.site === site) idx.push(iInt + j);
      });
      const xyz = ph.siteCoordinates(
        site,
        Array.from(ph.intensityParams, (_, j) => p[iInt + j] as number),
      );
      const err = [0, 1, 2].map((r) => {
        let v = 0;
        idx.forEach((a, ia) => {
          idx.forEach((b, ib) => {
            v += (s?.basis[r * (s?.free ?? 0) + ia] as number) * (s?.basis[r * (s?.free ?? 0) + ib] as number) * (cov[a * n + b] as number);
          });
        });
        return Math.sqrt(Math.max(0, v));
      });
      return {
        label: s?.label ?? `site${site + 1}`,
        x: { value: xyz[0], stderr: err[0] as number },
        y: { value: xyz[1], stderr: err[1] as number },
        z: { value: xyz[2], stderr: err[2] as number },
      };
    });
    const result: PhaseResult = {
      name: inputs[k]?.name ?? `phase${k + 1}`,
      system: ph.system,
      cell,
      cellStderr: Object.fromEntries(CELL_KEYS.map((key, i) => [key, cellErr[i] as number])) as unknown as Cell,
      volume: { value: cellVolume(cell), stderr: cellErr[6] as number },
      scale: se(base),
      coordinates,
      cellMass: ph.cellMass,
      weightFraction: { value: W[k] as number, stderr: Math.sqrt(Math.max(0, quadratic(gradients[k] as Float64Array, cov, n))) },
      rBragg: den > 0 ? num / den : Number.NaN,
      reflections,
    };
    if (overall >= 0) result.overallB = se(iInt + overall);
    else result.siteB = ph.intensityParams.flatMap((q, j) => (q.kind === 'siteB' ? [{ label: ph.sites[q.site]?.label ?? '', B: se(iInt + j) }] : []));
    return result;
  });

  return {
    params: p,
    stderr: fit.stderr,
    info,
    zero: se(L.iZero),
    displacement: se(L.iDisp),
    caglioti: { U: se(L.iU), V: se(L.iU + 1), W: se(L.iU + 2) },
    eta0: se(L.iEta0),
    eta1: se(L.iEta0 + 1),
    etaCentre: model.etaCentre,
    backgroundCoefficients: Array.from({ length: nBg }, (_, j) => p[L.iBg + j] as number),
    calculated,
    background,
    phaseCurves,
    phases: phaseResults,
    ...stats,
    reducedChiSquare: stats.gof * stats.gof,
    points: m,
    freeParameters: free,
    stages,
    converged: fit.converged,
  };
}

/** Rp, Rwp, Rexp and GOF from residuals (calc − obs) and weights 1/σ (0 = point not used). */
function agreement(y: Float64Array, residuals: Float64Array, weights: Float64Array, freeParameters = 0) {
  let num = 0;
  let den = 0;
  let wnum = 0;
  let wden = 0;
  let used = 0;
  for (let i = 0; i < y.length; i++) {
    const w = (weights[i] as number) ** 2;
    if (w === 0) continue;
    used++;
    const d = residuals[i] as number;
    const yi = y[i] as number;
    num += Math.abs(d);
    den += Math.abs(yi);
    wnum += w * d * d;
    wden += w * yi * yi;
  }
  const rwp = Math.sqrt(wnum / wden);
  const rexp = Math.sqrt(Math.max(0, used - freeParameters) / wden);
  return { rp: num / den, rwp, rexp, gof: rwp / rexp };
}

/** Central-difference gradients of a vector function of the parameters, over the parameters selected. */
function numericGradients(p: Float64Array, f: (q: Float64Array) => number[], use: (i: number) => boolean): Float64Array[] {
  const n = p.length;
  const base = f(p);
  const out = base.map(() => new Float64Array(n));
  const q = Float64Array.from(p);
  for (let i = 0; i < n; i++) {
    if (!use(i)) continue;
    const h = Math.abs(p[i] as number) * 1e-6 || 1e-10;
    q[i] = (p[i] as number) + h;
    const up = f(q);
    q[i] = (p[i] as number) - h;
    const down = f(q);
    q[i] = p[i] as number;
    base.forEach((_, k) => {
      (out[k] as Float64Array)[i] = ((up[k] as number) - (down[k] as number)) / (2 * h);
    });
  }
  return out;
}

function quadratic(g: Float64Array, cov: Float64Array, n: number): number {
  let v = 0;
  for (let a = 0; a < n; a++) {
    const ga = g[a] as number;
    if (ga === 0) continue;
    for (let b = 0; b < n; b++) {
      const gb = g[b] as number;
      if (gb !== 0) v += ga * gb * (cov[a * n + b] as number);
    }
  }
  return v;
}
