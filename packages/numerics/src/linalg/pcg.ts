/**
 * Preconditioned conjugate gradients for symmetric positive definite systems A x = b
 * (M. R. Hestenes & E. Stiefel, J. Res. Natl. Bur. Stand. 49, 409–436, 1952; preconditioned form as
 * in Y. Saad, "Iterative Methods for Sparse Linear Systems", 2nd ed., SIAM 2003, Alg. 9.1).
 * The operator is a callback, so matrix-free stencils (see {@link laplacian3d}) and CSR matrices
 * both work. With a {@link PcgWorkspace} and an `x` buffer the solve allocates nothing.
 */

/**
 * A linear operator out = A·x (must not allocate if the solve is to be allocation-free). An
 * operator that also computes xᵀ·(A·x) on the fly may return it and set
 * `returnsQuadraticForm = true` on the function, which saves {@link pcg} a pass over memory; the
 * return value of any other operator is ignored.
 */
export type LinearOperator = ((x: Float64Array, out: Float64Array) => unknown) & { returnsQuadraticForm?: boolean };

/** Vectors reused across solves of the same size. */
export class PcgWorkspace {
  readonly r: Float64Array;
  readonly z: Float64Array;
  readonly p: Float64Array;
  readonly q: Float64Array;
  constructor(readonly n: number) {
    this.r = new Float64Array(n);
    this.z = new Float64Array(n);
    this.p = new Float64Array(n);
    this.q = new Float64Array(n);
  }
}

/** Options of {@link pcg}. */
export interface PcgOptions {
  /** z = M⁻¹ r; default none (plain CG) */
  preconditioner?: Preconditioner;
  /** stop when ‖r‖₂ ≤ tol·‖b‖₂; default 1e-8 */
  tol?: number;
  /** default 10·n... capped at 10000 */
  maxIterations?: number;
  /** starting guess (copied into x; default zeros) */
  x0?: Float64Array;
  /** output buffer for the solution (default: a new array); may be the same array as x0 */
  x?: Float64Array;
  /** reusable vectors (default: allocated per call) */
  workspace?: PcgWorkspace;
  /** checked every 16 iterations */
  signal?: AbortSignal;
}

/** Result of {@link pcg}. */
export interface PcgResult {
  x: Float64Array;
  iterations: number;
  /** final ‖b − A x‖₂ (recursively updated residual) */
  residualNorm: number;
  /** residualNorm / ‖b‖₂ */
  relativeResidual: number;
  converged: boolean;
}

/** A preconditioner callback; Jacobi ones carry their inverse diagonal so pcg can fuse loops. */
export type Preconditioner = ((r: Float64Array, z: Float64Array) => void) & { inverseDiagonal?: Float64Array };

/**
 * Jacobi (diagonal) preconditioner z = r / diag(A). {@link pcg} recognises it and fuses it into its
 * vector updates (fewer passes over memory, which is what bounds CG on large grids).
 */
export function jacobiPreconditioner(diagonal: Float64Array): Preconditioner {
  const inv = new Float64Array(diagonal.length);
  for (let i = 0; i < diagonal.length; i++) {
    if (!(diagonal[i] > 0)) throw new RangeError(`jacobiPreconditioner: diagonal[${i}] = ${diagonal[i]} is not positive (matrix not SPD?)`);
    inv[i] = 1 / diagonal[i];
  }
  const apply: Preconditioner = (r, z) => {
    const n = inv.length;
    for (let i = 0; i < n; i++) z[i] = r[i] * inv[i];
  };
  apply.inverseDiagonal = inv;
  return apply;
}

/** Solve A x = b for SPD A by (preconditioned) conjugate gradients. */
export function pcg(apply: LinearOperator, b: Float64Array, options: PcgOptions = {}): PcgResult {
  const n = b.length;
  const tol = options.tol ?? 1e-8;
  const maxIterations = options.maxIterations ?? Math.min(10 * n, 10000);
  const ws = options.workspace ?? new PcgWorkspace(n);
  if (ws.n !== n) throw new RangeError(`pcg: workspace is for n = ${ws.n}, b has ${n}`);
  const x = options.x ?? new Float64Array(n);
  if (x.length !== n) throw new RangeError(`pcg: x has ${x.length} entries, b has ${n}`);
  const { r, z, p, q } = ws;
  const precondition = options.preconditioner;
  let bnorm2 = 0;
  for (let i = 0; i < n; i++) bnorm2 += b[i] * b[i];
  const bnorm = Math.sqrt(bnorm2);
  if (options.x0 !== undefined) {
    if (options.x0 !== x) x.set(options.x0);
    apply(x, q);
    for (let i = 0; i < n; i++) r[i] = b[i] - q[i];
  } else {
    x.fill(0);
    r.set(b);
  }
  let rnorm2 = 0;
  for (let i = 0; i < n; i++) rnorm2 += r[i] * r[i];
  const target = tol * (bnorm > 0 ? bnorm : 1);
  if (bnorm === 0) {
    x.fill(0);
    return { x, iterations: 0, residualNorm: 0, relativeResidual: 0, converged: true };
  }
  if (Math.sqrt(rnorm2) <= target) {
    return { x, iterations: 0, residualNorm: Math.sqrt(rnorm2), relativeResidual: Math.sqrt(rnorm2) / bnorm, converged: true };
  }
  const dinv = precondition?.inverseDiagonal;
  if (dinv !== undefined) {
    if (dinv.length !== n) throw new RangeError(`pcg: preconditioner is for n = ${dinv.length}, b has ${n}`);
    return jacobiFused(apply, b, x, ws, dinv, target, bnorm, maxIterations, options.signal);
  }
  if (precondition) precondition(r, z);
  else z.set(r);
  p.set(z);
  let rz = 0;
  for (let i = 0; i < n; i++) rz += r[i] * z[i];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    if ((iterations & 15) === 15 && options.signal?.aborted) break;
    const returned = apply(p, q);
    let pq = 0;
    if (apply.returnsQuadraticForm === true) pq = returned as number;
    else for (let i = 0; i < n; i++) pq += p[i] * q[i];
    if (!(pq > 0)) break; // not SPD (or breakdown)
    const alpha = rz / pq;
    rnorm2 = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      const ri = r[i] - alpha * q[i];
      r[i] = ri;
      rnorm2 += ri * ri;
    }
    iterations++;
    if (Math.sqrt(rnorm2) <= target) {
      converged = true;
      break;
    }
    let rzNew = 0;
    if (precondition) {
      precondition(r, z);
      for (let i = 0; i < n; i++) rzNew += r[i] * z[i];
    } else {
      rzNew = rnorm2;
    }
    const beta = rzNew / rz;
    rz = rzNew;
    if (precondition) for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    else for (let i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
  }
  const residualNorm = Math.sqrt(rnorm2);
  return { x, iterations, residualNorm, relativeResidual: residualNorm / bnorm, converged };
}

/**
 * PCG with the Jacobi preconditioner folded into the vector loops. Per iteration: the operator
 * (which may return pᵀAp itself), one pass updating r with ‖r‖² and rᵀD⁻¹r, and one pass that
 * applies the previous step to x and builds the new direction p = D⁻¹r + βp (the x update is
 * deferred by one iteration so that it shares that pass). A constant diagonal is used as a scalar.
 * Large grids are memory-bound, so passes are what counts.
 */
function jacobiFused(
  apply: LinearOperator,
  b: Float64Array,
  x: Float64Array,
  ws: PcgWorkspace,
  dinv: Float64Array,
  target: number,
  bnorm: number,
  maxIterations: number,
  signal: AbortSignal | undefined,
): PcgResult {
  const n = b.length;
  const { r, p, q } = ws;
  const fusedDot = apply.returnsQuadraticForm === true;
  let uniform = true;
  const d0 = dinv[0];
  for (let i = 1; i < n && uniform; i++) if (dinv[i] !== d0) uniform = false;
  let rz = 0;
  let rnorm2 = 0;
  for (let i = 0; i < n; i++) {
    const ri = r[i];
    const zi = ri * dinv[i];
    p[i] = zi;
    rz += ri * zi;
    rnorm2 += ri * ri;
  }
  let iterations = 0;
  let converged = false;
  let pendingAlpha = 0;
  while (iterations < maxIterations) {
    if ((iterations & 15) === 15 && signal?.aborted) break;
    const returned = apply(p, q);
    let pq: number;
    if (fusedDot) pq = returned as number;
    else {
      pq = 0;
      for (let i = 0; i < n; i++) pq += p[i] * q[i];
    }
    if (!(pq > 0)) break;
    const alpha = rz / pq;
    let rzNew = 0;
    rnorm2 = 0;
    if (uniform) {
      for (let i = 0; i < n; i++) {
        const ri = r[i] - alpha * q[i];
        r[i] = ri;
        rnorm2 += ri * ri;
      }
      rzNew = rnorm2 * d0;
    } else {
      for (let i = 0; i < n; i++) {
        const ri = r[i] - alpha * q[i];
        r[i] = ri;
        const rr = ri * ri;
        rnorm2 += rr;
        rzNew += rr * dinv[i];
      }
    }
    iterations++;
    pendingAlpha = alpha;
    if (Math.sqrt(rnorm2) <= target) {
      converged = true;
      break;
    }
    const beta = rzNew / rz;
    rz = rzNew;
    // x += α p (deferred) and p = D⁻¹ r + β p in one pass
    if (uniform) {
      for (let i = 0; i < n; i++) {
        const pi = p[i];
        x[i] += alpha * pi;
        p[i] = r[i] * d0 + beta * pi;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const pi = p[i];
        x[i] += alpha * pi;
        p[i] = r[i] * dinv[i] + beta * pi;
      }
    }
    pendingAlpha = 0;
  }
  if (pendingAlpha !== 0) for (let i = 0; i < n; i++) x[i] += pendingAlpha * p[i];
  const residualNorm = Math.sqrt(rnorm2);
  return { x, iterations, residualNorm, relativeResidual: residualNorm / bnorm, converged };
}

/**
 * Matrix-free 7-point finite-difference operator −∇²u (with optional + c·u) on an nx×ny×nz grid
 * with homogeneous Dirichlet boundaries and spacing h; x-fastest layout (index i + nx·(j + ny·k)).
 * SPD, diagonal 6/h² + c. Returns the operator (which also returns uᵀ·A·u, see {@link LinearOperator})
 * and its diagonal (for {@link jacobiPreconditioner}).
 */
export function laplacian3d(nx: number, ny: number, nz: number, h = 1, c = 0): { apply: LinearOperator; diagonal: Float64Array; n: number } {
  const n = nx * ny * nz;
  const inv = 1 / (h * h);
  const centre = 6 * inv + c;
  const sxy = nx * ny;
  const apply: LinearOperator = (u, out) => {
    let dot = 0;
    for (let k = 0; k < nz; k++) {
      // boundary rows get zero weights instead of branches (offsets then point at the row itself)
      const km = k > 0 ? -sxy : 0;
      const kp = k < nz - 1 ? sxy : 0;
      const wkm = k > 0 ? inv : 0;
      const wkp = k < nz - 1 ? inv : 0;
      for (let j = 0; j < ny; j++) {
        const row = nx * (j + ny * k);
        const jm = j > 0 ? -nx : 0;
        const jp = j < ny - 1 ? nx : 0;
        const wjm = j > 0 ? inv : 0;
        const wjp = j < ny - 1 ? inv : 0;
        const last = row + nx - 1;
        if (nx === 1) {
          const v = centre * u[row] - wjm * u[row + jm] - wjp * u[row + jp] - wkm * u[row + km] - wkp * u[row + kp];
          out[row] = v;
          dot += v * u[row];
          continue;
        }
        let v = centre * u[row] - inv * u[row + 1] - wjm * u[row + jm] - wjp * u[row + jp] - wkm * u[row + km] - wkp * u[row + kp];
        out[row] = v;
        dot += v * u[row];
        for (let idx = row + 1; idx < last; idx++) {
          const ui = u[idx];
          const w = centre * ui - inv * (u[idx - 1] + u[idx + 1]) - wjm * u[idx + jm] - wjp * u[idx + jp] - wkm * u[idx + km] - wkp * u[idx + kp];
          out[idx] = w;
          dot += w * ui;
        }
        v = centre * u[last] - inv * u[last - 1] - wjm * u[last + jm] - wjp * u[last + jp] - wkm * u[last + km] - wkp * u[last + kp];
        out[last] = v;
        dot += v * u[last];
      }
    }
    return dot;
  };
  apply.returnsQuadraticForm = true;
  return { apply, diagonal: new Float64Array(n).fill(centre), n };
}
