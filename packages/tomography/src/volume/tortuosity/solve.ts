/**
 * Tortuosity factor and effective diffusivity from a steady-state diffusion simulation (problem.ts)
 * solved by conjugate gradients (@ionscope/numerics `pcg`, matrix-free operator) preconditioned by
 * an aggregation multigrid V-cycle (multigrid.ts), started from the linear profile.
 *
 * Definitions (TauFactor, Cooper et al. 2016): with F the steady flux through the outlet for a unit
 * concentration difference, L the length along the transport axis and A the full cross-section
 * (voxel units),
 *   D_eff/D₀ = F·L / A                   (relative effective diffusivity; D₀ = 1 in the conducting phase)
 *   τ = ε·D₀ / D_eff                     (ε = volume fraction of the conducting phase)
 * and, with several conducting phases of diffusivities Dᵢ, τ = D_mean / D_eff with D_mean the
 * volume average of D. The MacMullin number is N_M = D₀/D_eff = τ/ε (MacMullin & Muccini 1956),
 * with D₀ the largest diffusivity present (the bulk electrolyte).
 *
 * F is taken from the dissipation (energy) functional E(c) = Σ_faces g·(Δc)² + boundary terms
 * = cᵀAc − 2bᵀc + Σ b, which equals the flux at the solution and exceeds it by ‖e‖²_A for an
 * approximate c (Dirichlet principle), so its error is quadratic in the solver error: at a relative
 * residual of 1e-4 it agrees with the converged flux to ~1e-5. The inlet and outlet fluxes are
 * reported too; their relative difference and the CG tolerance and iteration count document the
 * convergence.
 */
import { NumericalError, throwIfAborted } from '@ionscope/core';
import { pcg, PcgWorkspace } from '@ionscope/numerics';
import { applyOperator } from './grid';
import { MultigridPreconditioner } from './multigrid';
import { type Axis, boundaryFluxes, buildDiffusionProblem } from './problem';

export interface TortuosityOptions {
  /** relative residual ‖b − A c‖/‖b‖ at which CG stops (default 1e-4, see the file comment) */
  tol?: number;
  maxIterations?: number;
  signal?: AbortSignal;
}

export interface TortuosityResult {
  axis: Axis;
  /** τ (Infinity when no path connects the two faces) */
  tau: number;
  /** D_eff / D₀ (or D_eff in the unit of the given diffusivities) */
  effectiveDiffusivity: number;
  /** volume fraction of the conducting phase (binary) or D_mean (several diffusivities) */
  porosity: number;
  meanDiffusivity: number;
  macMullin: number;
  /** τ from the mean of the boundary fluxes (less accurate before full convergence) */
  tauFromFlux: number;
  fluxIn: number;
  fluxOut: number;
  fluxMismatch: number;
  iterations: number;
  relativeResidual: number;
  tolerance: number;
  converged: boolean;
  unknowns: number;
  isolatedCells: number;
  multigridLevels: number;
  percolating: boolean;
  timeMs: number;
}

/**
 * Solves for transport along `axis` (0 = z, 1 = y, 2 = x) through per-voxel diffusivities `D`
 * (z × y × x; 0 = impermeable; for a binary phase use 1 and 0).
 */
export function tortuosity(D: ArrayLike<number>, shape: readonly [number, number, number], axis: Axis, options: TortuosityOptions = {}): TortuosityResult {
  const started = performance.now();
  const tol = options.tol ?? 1e-4;
  const n = shape[0] * shape[1] * shape[2];
  let sumD = 0;
  let maxD = 0;
  let conducting = 0;
  for (let v = 0; v < n; v++) {
    const d = D[v] as number;
    if (!(d >= 0) || !Number.isFinite(d))
      throw new NumericalError(`diffusivity ${d} at voxel ${v} is not a finite non-negative number`, { field: 'diffusivity' });
    sumD += d;
    if (d > maxD) maxD = d;
    if (d > 0) conducting++;
  }
  const meanDiffusivity = sumD / n;
  const porosity = conducting / n;
  const problem = buildDiffusionProblem(D, shape, axis);
  throwIfAborted(options.signal);
  const nAxis = shape[axis];
  const area = n / nAxis;
  const base = {
    axis,
    porosity,
    meanDiffusivity,
    tolerance: tol,
    unknowns: problem.unknowns,
    isolatedCells: problem.isolatedCells,
  };
  // does any active cell sit on both faces' clusters? (a cluster touching only one face carries no flux)
  if (problem.unknowns === 0) {
    return {
      ...base,
      tau: Number.POSITIVE_INFINITY,
      tauFromFlux: Number.POSITIVE_INFINITY,
      effectiveDiffusivity: 0,
      macMullin: Number.POSITIVE_INFINITY,
      fluxIn: 0,
      fluxOut: 0,
      fluxMismatch: 0,
      iterations: 0,
      relativeResidual: 0,
      converged: true,
      multigridLevels: 0,
      percolating: false,
      timeMs: performance.now() - started,
    };
  }
  const mg = new MultigridPreconditioner(problem.grid);
  const x = problem.x0;
  const workspace = new PcgWorkspace(problem.b.length);
  const result = pcg((v, out) => applyOperator(problem.grid, v, out), problem.b, {
    preconditioner: (r, z) => mg.apply(r, z),
    tol,
    maxIterations: options.maxIterations ?? 500,
    x0: x,
    x,
    workspace,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  throwIfAborted(options.signal);
  const { inlet, outlet } = boundaryFluxes(problem, D, x);
  const flux = 0.5 * (inlet + outlet);
  const Ax = workspace.q;
  applyOperator(problem.grid, x, Ax);
  let energy = 0;
  const b = problem.b;
  for (let i = 0; i < x.length; i++) energy += (x[i] as number) * ((Ax[i] as number) - 2 * (b[i] as number)) + (b[i] as number);
  // a flux below round-off of the boundary terms means no connected path (dead ends only)
  const percolating = energy > 1e-9 * area * meanDiffusivity && flux > 0;
  const effectiveDiffusivity = percolating ? (energy * nAxis) / area : 0;
  const tau = percolating ? meanDiffusivity / effectiveDiffusivity : Number.POSITIVE_INFINITY;
  const tauFromFlux = flux > 0 ? (meanDiffusivity * area) / (flux * nAxis) : Number.POSITIVE_INFINITY;
  return {
    ...base,
    tau,
    effectiveDiffusivity,
    macMullin: percolating ? maxD / effectiveDiffusivity : Number.POSITIVE_INFINITY,
    tauFromFlux,
    fluxIn: inlet,
    fluxOut: outlet,
    fluxMismatch: flux > 0 ? Math.abs(inlet - outlet) / flux : 0,
    iterations: result.iterations,
    relativeResidual: result.relativeResidual,
    converged: result.converged,
    multigridLevels: mg.levels.length,
    percolating,
    timeMs: performance.now() - started,
  };
}
