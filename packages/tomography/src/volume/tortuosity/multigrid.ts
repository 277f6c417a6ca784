/**
 * An aggregation multigrid V-cycle used as the preconditioner of conjugate gradients for the
 * diffusion problem (grid.ts). Coarse grids aggregate 2 × 2 × 2 cells with the Galerkin operator,
 * which stays a 7-point stencil on a structured grid (Braess 1995; Notay 2010 for aggregation
 * AMG), so every level reuses the same matrix-free kernels. Smoothing is one forward Gauss–Seidel
 * sweep before and one backward sweep after the coarse correction, which makes the V-cycle a
 * symmetric positive definite operator as CG requires. Piecewise-constant prolongation
 * under-corrects smooth errors; the coarse correction is scaled by `overCorrection` (1.6 here, in
 * the range Notay and Vaněk recommend for plain aggregation) to compensate. The coarsest grid
 * (≤ 1000 cells) is solved exactly by dense Cholesky factorisation.
 */
import { choleskyInPlace, choleskySolveInPlace } from '@ionscope/numerics';
import { coarsen, gaussSeidel, type Grid, gridVector, prolongAdd, residual, restrict } from './grid';

interface Level {
  grid: Grid;
  x: Float64Array;
  b: Float64Array;
  r: Float64Array;
}

export interface MultigridOptions {
  overCorrection?: number;
  /** stop coarsening at or below this many cells */
  coarsestCells?: number;
  maxLevels?: number;
}

export class MultigridPreconditioner {
  readonly levels: Level[] = [];
  private readonly overCorrection: number;
  /** dense Cholesky factor of the coarsest operator (lower, row-major) over its active cells */
  private readonly cholesky: Float64Array;
  private readonly coarseIndex: Int32Array;
  private readonly coarseWork: Float64Array;

  constructor(fine: Grid, options: MultigridOptions = {}) {
    this.overCorrection = options.overCorrection ?? 1.6;
    const coarsest = options.coarsestCells ?? 1000;
    const maxLevels = options.maxLevels ?? 12;
    let g = fine;
    // the finest level works in the caller's vectors: only its residual is allocated here
    const none = new Float64Array(0);
    this.levels.push({ grid: g, x: none, b: none, r: gridVector(g) });
    while (g.n > coarsest && this.levels.length < maxLevels && (g.nx > 1 || g.ny > 1 || g.nz > 1)) {
      g = coarsen(g);
      this.levels.push({ grid: g, x: gridVector(g), b: gridVector(g), r: gridVector(g) });
    }
    const last = (this.levels[this.levels.length - 1] as Level).grid;
    const idx: number[] = [];
    for (let v = last.pad; v < last.pad + last.n; v++) if ((last.diag[v] as number) !== 0) idx.push(v);
    this.coarseIndex = Int32Array.from(idx);
    this.cholesky = factorCoarse(last, this.coarseIndex);
    this.coarseWork = new Float64Array(this.coarseIndex.length);
  }

  /** Number of cells over all levels (for memory reports). */
  get totalCells(): number {
    return this.levels.reduce((s, l) => s + l.grid.n, 0);
  }

  /** z = M⁻¹·r (padded vectors of the fine grid; r is only read). */
  apply(r: Float64Array, z: Float64Array): void {
    this.cycle(0, r, z);
  }

  /** One V-cycle on level l for right-hand side b, result in x (the fine level uses the caller's vectors). */
  private cycle(l: number, b: Float64Array, x: Float64Array): void {
    const level = this.levels[l] as Level;
    const g = level.grid;
    if (l === this.levels.length - 1) {
      solveCoarse(this.cholesky, this.coarseIndex, b, x, this.coarseWork);
      return;
    }
    x.fill(0);
    gaussSeidel(g, x, b, true);
    residual(g, x, b, level.r);
    const next = this.levels[l + 1] as Level;
    restrict(g, next.grid, level.r, next.b);
    this.cycle(l + 1, next.b, next.x);
    prolongAdd(g, next.grid, next.x, x, this.overCorrection);
    gaussSeidel(g, x, b, false);
  }
}

/** Dense Cholesky factor (numerics' layout) of the coarsest operator restricted to `index`. */
function factorCoarse(g: Grid, index: Int32Array): Float64Array {
  const m = index.length;
  const A = new Float64Array(m * m);
  const pos = new Map<number, number>();
  index.forEach((v, i) => pos.set(v, i));
  const plane = g.nx * g.ny;
  index.forEach((v, i) => {
    A[i * m + i] = g.diag[v] as number;
    const link = (u: number, c: number) => {
      const j = pos.get(u);
      if (j !== undefined && c !== 0) A[i * m + j] = (A[i * m + j] as number) - c;
    };
    link(v + 1, g.gx[v] as number);
    link(v - 1, g.gx[v - 1] as number);
    link(v + g.nx, g.gy[v] as number);
    link(v - g.nx, g.gy[v - g.nx] as number);
    link(v + plane, g.gz[v] as number);
    link(v - plane, g.gz[v - plane] as number);
  });
  choleskyInPlace(A, m);
  return A;
}

function solveCoarse(L: Float64Array, index: Int32Array, b: Float64Array, x: Float64Array, y: Float64Array): void {
  const m = index.length;
  for (let i = 0; i < m; i++) y[i] = b[index[i] as number] as number;
  choleskySolveInPlace(L, m, y);
  x.fill(0);
  for (let i = 0; i < m; i++) x[index[i] as number] = y[i] as number;
}
