import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsrMatrix, differenceOperator, jacobiPreconditioner, laplacian3d, lstsq, nnls, PcgWorkspace, pcg, svdJacobi, tikhonovNNLS } from '../src/index';
import { fixture, gaussian, maxAbs, maxAbsDiff, rng } from './helpers';

const fx = fixture('linalg.json');

function testMatrix(m: number, n: number): Float64Array {
  const A = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) A[i * n + j] = Math.sin(1.3 * i + 0.7 * j ** 1.5) + 0.1 * Math.cos(i * j);
  return A;
}
function testRhs(m: number): Float64Array {
  return Float64Array.from({ length: m }, (_, i) => Math.cos(0.9 * i) + 0.3 * Math.sin(0.17 * i * i));
}
/** the DRT-like kernel of generate.py: A_ij = 1/(1 + (ω_i τ_j)²) */
function drtProblem() {
  const m = 60;
  const n = 40;
  const w = Float64Array.from({ length: m }, (_, i) => 2 * Math.PI * 10 ** (-2 + (7 * i) / (m - 1)));
  const tau = Float64Array.from({ length: n }, (_, j) => 10 ** (-6 + (8 * j) / (n - 1)));
  const A = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) A[i * n + j] = 1 / (1 + (w[i] * tau[j]) ** 2);
  const g = tau.map((t) => {
    const lt = Math.log10(t);
    return Math.exp(-0.5 * ((lt + 3) / 0.4) ** 2) + 0.5 * Math.exp(-0.5 * (lt / 0.3) ** 2);
  });
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) b[i] += A[i * n + j] * g[j];
  return { A, m, n, g, b };
}

describe('lstsq against numpy.linalg.lstsq', () => {
  it('full rank', () => {
    const r = lstsq(testMatrix(30, 8), 30, 8, testRhs(30));
    expect(maxAbsDiff(r.x, fx.lstsq.x)).toBeLessThan(1e-12);
    expect(r.residualNorm).toBeCloseTo(fx.lstsq.residualNorm, 12);
    expect(r.rank).toBe(8);
    expect(maxAbsDiff(r.singularValues, fx.lstsq.singularValues)).toBeLessThan(1e-13);
  });
  it('rank deficient: minimum-norm solution', () => {
    const A = testMatrix(30, 8);
    for (let i = 0; i < 30; i++) A[i * 8 + 7] = A[i * 8] + A[i * 8 + 1];
    const r = lstsq(A, 30, 8, testRhs(30));
    expect(r.rank).toBe(fx.lstsqDeficient.rank);
    expect(maxAbsDiff(r.x, fx.lstsqDeficient.x)).toBeLessThan(1e-10);
    expect(maxAbsDiff(r.singularValues.subarray(0, 7), fx.lstsqDeficient.singularValues.slice(0, 7))).toBeLessThan(1e-13);
  });
  it('underdetermined: minimum-norm solution', () => {
    const r = lstsq(testMatrix(5, 9), 5, 9, testRhs(5));
    expect(maxAbsDiff(r.x, fx.lstsqUnder.x)).toBeLessThan(1e-12);
    expect(r.rank).toBe(5);
    expect(r.residualNorm).toBeLessThan(1e-12);
  });
  it('rejects bad shapes', () => {
    expect(() => lstsq([1, 2, 3], 2, 2, [1, 2])).toThrow(/A has 3/);
    expect(() => lstsq([1, 2, 3, 4], 2, 2, [1])).toThrow(/b has 1/);
  });
});

describe('svdJacobi', () => {
  it('reconstructs A and gives orthonormal V (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 8 }), fc.integer(), (m, n, seed) => {
        const rand = rng(seed);
        const a = Float64Array.from({ length: m * n }, () => rand() - 0.5);
        const { s, u, v } = svdJacobi(a, m, n);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let k = 0; k < n; k++) sum += u[k * m + i] * s[k] * v[k * n + j];
            if (Math.abs(sum - a[i + j * m]) > 1e-13) return false;
          }
        }
        for (let k = 1; k < n; k++) if (s[k] > s[k - 1]) return false;
        return true;
      }),
      { numRuns: 100 },
    );
  });
});

describe('nnls', () => {
  it('matches scipy.optimize.nnls', () => {
    const r = nnls(testMatrix(40, 15), 40, 15, testRhs(40));
    expect(maxAbsDiff(r.x, fx.nnls.x)).toBeLessThan(1e-12);
    expect(r.residualNorm).toBeCloseTo(fx.nnls.residualNorm, 12);
    expect(Math.min(...r.x)).toBeGreaterThanOrEqual(0);
  });
  it('recovers a non-negative truth exactly', () => {
    const A = testMatrix(50, 10);
    const truth = Float64Array.from([0, 1, 0, 2, 0.5, 0, 0, 3, 0, 0.1]);
    const b = new Float64Array(50);
    for (let i = 0; i < 50; i++) for (let j = 0; j < 10; j++) b[i] += A[i * 10 + j] * truth[j];
    const r = nnls(A, 50, 10, b);
    expect(maxAbsDiff(r.x, truth)).toBeLessThan(1e-12);
    expect(r.residualNorm).toBeLessThan(1e-12);
  });
  it('satisfies the KKT conditions on random problems (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (m, n, seed) => {
        const rand = rng(seed);
        const A = Float64Array.from({ length: m * n }, () => rand() - 0.3);
        const b = Float64Array.from({ length: m }, () => rand() - 0.5);
        const { x } = nnls(A, m, n, b);
        // gradient g = Aᵀ(Ax − b): g_j ≥ 0 where x_j = 0, g_j ≈ 0 where x_j > 0
        const r = new Float64Array(m);
        for (let i = 0; i < m; i++) {
          r[i] = -b[i];
          for (let j = 0; j < n; j++) r[i] += A[i * n + j] * x[j];
        }
        for (let j = 0; j < n; j++) {
          let g = 0;
          for (let i = 0; i < m; i++) g += A[i * n + j] * r[i];
          if (x[j] < 0) return false;
          if (x[j] > 0 && Math.abs(g) > 1e-9) return false;
          if (x[j] === 0 && g < -1e-9) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

describe('tikhonovNNLS', () => {
  const { A, m, n, g, b } = drtProblem();

  it('fixed λ matches scipy nnls on the augmented system (identity and 2nd difference)', () => {
    const r = tikhonovNNLS(A, m, n, b, { lambda: fx.tikhonov.lambda });
    expect(maxAbsDiff(r.x, fx.tikhonov.x)).toBeLessThan(1e-9);
    expect(r.effectiveParameters).toBeCloseTo(fx.tikhonov.tau, 8);
    const { L, p } = differenceOperator(n, 2);
    const r2 = tikhonovNNLS(A, m, n, b, { lambda: fx.tikhonov.lambda, L, p });
    expect(maxAbsDiff(r2.x, fx.tikhonov.xSecondDifference)).toBeLessThan(1e-8);
  });

  it('GCV and L-curve pick a λ that recovers a two-peak distribution from noisy data', () => {
    const rand = rng(3);
    const noisy = b.map((v) => v + 0.002 * gaussian(rand));
    for (const select of ['gcv', 'lcurve'] as const) {
      const r = tikhonovNNLS(A, m, n, noisy, { select });
      expect(r.curve?.length).toBe(50);
      expect(Math.min(...r.x)).toBeGreaterThanOrEqual(0);
      // reconstruction error well below the signal (peaks of 1 and 0.5)
      const err = maxAbsDiff(r.x, g);
      expect(err, `${select}: λ = ${r.lambda}`).toBeLessThan(0.35);
      expect(r.lambda).toBeGreaterThan(1e-6);
      expect(r.lambda).toBeLessThan(1);
      // the residual is at the noise level (√m·σ ≈ 0.015)
      expect(r.residualNorm).toBeLessThan(0.03);
    }
  });

  it('GCV at the chosen λ is the minimum over the scanned grid', () => {
    const rand = rng(5);
    const noisy = b.map((v) => v + 0.002 * gaussian(rand));
    const r = tikhonovNNLS(A, m, n, noisy, { select: 'gcv' });
    const minGrid = Math.min(...r.curve!.map((c) => c.gcv));
    const residual = r.residualNorm;
    const chosen = (m * residual * residual) / (m - r.effectiveParameters) ** 2;
    expect(chosen).toBeLessThanOrEqual(minGrid * (1 + 1e-12));
  });

  it('validates input', () => {
    expect(() => tikhonovNNLS(A, m, n, b, { L: new Float64Array(3) })).toThrow(/p \(rows of L\)/);
    expect(() => tikhonovNNLS(A, m, n, b, { lambda: -1 })).toThrow(/lambda/);
  });
});

describe('CsrMatrix and pcg', () => {
  it('CSR from triplets multiplies like the dense matrix (duplicates summed)', () => {
    const m = CsrMatrix.fromTriplets(3, 4, [0, 2, 1, 0, 2, 2], [1, 3, 0, 1, 0, 3], [1, 2, 3, 4, 5, 6]);
    expect(m.nnz).toBe(4);
    const out = new Float64Array(3);
    m.multiply(Float64Array.from([1, 2, 3, 4]), out);
    expect(Array.from(out)).toEqual([10, 3, 5 + 32]);
    const t = new Float64Array(4);
    m.multiplyTranspose(Float64Array.from([1, 1, 1]), t);
    expect(Array.from(t)).toEqual([8, 5, 0, 8]);
    expect(() => new CsrMatrix(2, 2, Int32Array.from([0, 1]), new Int32Array(1), new Float64Array(1))).toThrow(/rowPtr/);
    expect(() => CsrMatrix.fromTriplets(2, 2, [5], [0], [1])).toThrow(/row index 5/);
  });

  it('solves a 3-D Poisson problem with a known solution (matrix-free and CSR agree)', () => {
    const nx = 12;
    const ny = 10;
    const nz = 8;
    const { apply, diagonal, n } = laplacian3d(nx, ny, nz, 0.1);
    const truth = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + 0.5);
    const b = new Float64Array(n);
    apply(truth, b);
    const result = pcg(apply, b, { preconditioner: jacobiPreconditioner(diagonal), tol: 1e-12 });
    expect(result.converged).toBe(true);
    expect(maxAbsDiff(result.x, truth)).toBeLessThan(1e-9);
    // the same operator as CSR
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    const e = new Float64Array(n);
    const col = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      e.fill(0);
      e[j] = 1;
      apply(e, col);
      for (let i = 0; i < n; i++) {
        if (col[i] !== 0) {
          rows.push(i);
          cols.push(j);
          vals.push(col[i]);
        }
      }
    }
    const csr = CsrMatrix.fromTriplets(n, n, rows, cols, vals);
    expect(maxAbsDiff(csr.diagonal(), diagonal)).toBe(0);
    const ws = new PcgWorkspace(n);
    const x = new Float64Array(n);
    const r2 = pcg(csr.operator(), b, { preconditioner: jacobiPreconditioner(csr.diagonal()), tol: 1e-12, workspace: ws, x });
    expect(r2.x).toBe(x);
    expect(r2.iterations).toBe(result.iterations);
    expect(maxAbsDiff(x, truth)).toBeLessThan(1e-9);
  });

  it('plain CG converges in at most n steps on a small SPD system, and honours x0', () => {
    const A = [4, 1, 0, 1, 3, 1, 0, 1, 2];
    const apply = (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < 3; i++) out[i] = A[3 * i] * x[0] + A[3 * i + 1] * x[1] + A[3 * i + 2] * x[2];
    };
    const b = Float64Array.from([1, 2, 3]);
    const r = pcg(apply, b, { tol: 1e-14 });
    expect(r.iterations).toBeLessThanOrEqual(3);
    const check = new Float64Array(3);
    apply(r.x, check);
    expect(maxAbsDiff(check, b)).toBeLessThan(1e-13);
    const again = pcg(apply, b, { tol: 1e-14, x0: r.x });
    expect(again.iterations).toBe(0);
    expect(maxAbs(pcg(apply, new Float64Array(3)).x)).toBe(0);
  });

  it('ignores numbers returned by operators that do not declare returnsQuadraticForm', () => {
    const apply = (x: Float64Array, out: Float64Array) => {
      out[0] = 2 * x[0];
      return (out[1] = 3 * x[1]);
    };
    const r = pcg(apply, Float64Array.from([2, 3]), { tol: 1e-14, preconditioner: jacobiPreconditioner(Float64Array.from([2, 3])) });
    expect(r.converged).toBe(true);
    expect(maxAbsDiff(r.x, [1, 1])).toBeLessThan(1e-14);
    expect(laplacian3d(2, 2, 2).apply.returnsQuadraticForm).toBe(true);
  });

  it('stops without converging on an indefinite operator instead of returning garbage as converged', () => {
    const apply = (x: Float64Array, out: Float64Array) => {
      out[0] = x[0];
      out[1] = -x[1];
    };
    const r = pcg(apply, Float64Array.from([1, 1]));
    expect(r.converged).toBe(false);
    expect(() => jacobiPreconditioner(Float64Array.from([1, 0]))).toThrow(/not positive/);
  });
});
