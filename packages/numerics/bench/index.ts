/**
 * Benchmarks of @ionscope/numerics (npm run bench → bench-results/numerics.json at the repo root).
 * fft.js is timed in the same run as the reference for the FFT targets.
 */
import { existsSync } from 'node:fs';
import { type BenchEntry, bench, benchInterleaved, writeBenchResults } from '@ionscope/bench';
import FFTJS from 'fft.js';
import { FFT, jacobiPreconditioner, laplacian3d, levenbergMarquardt, nnls, PcgWorkspace, pcg, RealFFT, tikhonovNNLS } from '../src/index';
import { loadNistProblems, NIST_DIR, nistLeastSquares } from '../test/nist/problem';

const results: BenchEntry[] = [];
const quick = process.argv.includes('--quick');
const opts = (minRuns: number, minTimeMs = 1500) => ({ warmup: 2, minRuns: quick ? 3 : minRuns, minTimeMs: quick ? 200 : minTimeMs });

let seed = 12345;
function rand(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647 - 0.5;
}
const randomArray = (n: number) => Float64Array.from({ length: n }, rand);

// --- FFT 2^20 complex -------------------------------------------------------------------------
{
  const n = 1 << 20;
  const re = randomArray(n);
  const im = randomArray(n);
  const oRe = new Float64Array(n);
  const oIm = new Float64Array(n);
  const plan = new FFT(n);
  const ref = new FFTJS(n);
  const inter = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    inter[2 * i] = re[i];
    inter[2 * i + 1] = im[i];
  }
  const out = new Float64Array(2 * n);
  // alternate the two so that machine load affects both alike
  const [ours, peer] = benchInterleaved(
    [
      { name: 'FFT 2^20 complex (split re/im)', fn: () => plan.forward(re, im, oRe, oIm) },
      { name: 'fft.js 2^20 complex (interleaved)', fn: () => ref.transform(out, inter) },
    ],
    opts(20, 3000),
  );
  results.push({ ...ours, peer: { name: 'fft.js', ms: peer.medianMs }, targetMs: peer.medianMs, n }, peer);
}

// --- 1000 × 4096 real ---------------------------------------------------------------------------
{
  const n = 4096;
  const rows = 1000;
  const data = randomArray(n * rows);
  const plan = new RealFFT(n);
  const oRe = new Float64Array(n / 2 + 1);
  const oIm = new Float64Array(n / 2 + 1);
  const ref = new FFTJS(n);
  const out = new Float64Array(2 * n);
  const rowsOf = Array.from({ length: rows }, (_, r) => data.subarray(r * n, (r + 1) * n));
  const [ours, peer] = benchInterleaved(
    [
      {
        name: 'RealFFT 1000×4096 (n/2+1 bins)',
        fn: () => {
          for (let r = 0; r < rows; r++) plan.forward(rowsOf[r], oRe, oIm);
        },
      },
      {
        name: 'fft.js 1000×4096 realTransform',
        fn: () => {
          for (let r = 0; r < rows; r++) ref.realTransform(out, rowsOf[r]);
        },
      },
    ],
    opts(20, 3000),
  );
  results.push({ ...ours, peer: { name: 'fft.js', ms: peer.medianMs }, targetMs: peer.medianMs }, peer);
}

// --- 1000-point, 100003 (prime) vs 131072 -------------------------------------------------------
{
  const setup = (n: number) => {
    const re = randomArray(n);
    const im = randomArray(n);
    const oRe = new Float64Array(n);
    const oIm = new Float64Array(n);
    const plan = new FFT(n);
    return () => plan.forward(re, im, oRe, oIm);
  };
  results.push({ ...bench('FFT 1000 complex', setup(1000), opts(20, 1000)), n: 1000 });
  const [pow2, prime] = benchInterleaved(
    [
      { name: 'FFT 131072 complex', fn: setup(131072) },
      { name: 'FFT 100003 complex (prime, Bluestein)', fn: setup(100003) },
    ],
    opts(30, 3000),
  );
  results.push({ ...pow2, n: 131072 });
  results.push({ ...prime, peer: { name: 'FFT 131072 (nearest 2^k)', ms: pow2.medianMs }, targetMs: 4 * pow2.medianMs, n: 100003 });
}

// --- LM on NIST Thurber and MGH09 ---------------------------------------------------------------
if (existsSync(NIST_DIR)) {
  const problems = loadNistProblems().filter((p) => p.name === 'Thurber' || p.name === 'MGH09');
  for (const p of problems) {
    for (const [k, start] of [p.start1, p.start2].entries()) {
      for (const numeric of [false, true]) {
        const problem = nistLeastSquares(p, numeric);
        let fit = levenbergMarquardt(problem, { initial: start });
        const r = bench(
          `LM ${p.name} start ${k + 1} (${numeric ? 'central FD' : 'analytic J'})`,
          () => {
            fit = levenbergMarquardt(problem, { initial: start });
          },
          opts(10, 500),
        );
        const digits = Math.min(...p.certified.map((c, j) => -Math.log10(Math.abs(fit.params[j] - c) / Math.abs(c) + 1e-17)));
        results.push({ ...r, iterations: fit.iterations, evaluations: fit.evaluations, converged: fit.converged, certifiedDigits: Number(digits.toFixed(1)) });
      }
    }
  }
} else {
  console.warn(`[skip] NIST StRD data not found at ${NIST_DIR.pathname}: LM benchmarks skipped`);
}

// --- NNLS 200×100 and Tikhonov ------------------------------------------------------------------
{
  const m = 200;
  const n = 100;
  // a problem with an interesting active set: half of the true coefficients are zero
  const A = randomArray(m * n);
  const truth = Float64Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 0 : 0.5 + rand()));
  const b = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) b[i] += A[i * n + j] * truth[j];
    b[i] += 0.05 * rand();
  }
  let iterations = 0;
  const r = bench(
    'NNLS 200×100',
    () => {
      iterations = nnls(A, m, n, b).iterations;
    },
    opts(20, 1000),
  );
  results.push({ ...r, iterations });
  const t = bench('Tikhonov NNLS 200×100, GCV over 50 λ + refinement', () => tikhonovNNLS(A, m, n, b), opts(3, 500));
  results.push(t);
}

// --- PCG on a 128³ 7-point Laplacian --------------------------------------------------------------
{
  const N = 128;
  const op = laplacian3d(N, N, N, 1 / (N + 1));
  const rhs = new Float64Array(op.n).fill(1);
  const ws = new PcgWorkspace(op.n);
  const x = new Float64Array(op.n);
  const pre = jacobiPreconditioner(op.diagonal);
  let solve = pcg(op.apply, rhs, { preconditioner: pre, tol: 1e-6, workspace: ws, x });
  const r = bench(
    'PCG 128³ 7-point Laplacian (Jacobi, tol 1e-6)',
    () => {
      solve = pcg(op.apply, rhs, { preconditioner: pre, tol: 1e-6, workspace: ws, x });
    },
    { warmup: 0, minRuns: quick ? 1 : 3, minTimeMs: 0 },
  );
  const apply = bench('  7-point stencil apply 128³', () => op.apply(rhs, x), opts(10, 500));
  results.push({ ...r, iterations: solve.iterations, relativeResidual: solve.relativeResidual, unknowns: op.n }, apply);
}

writeBenchResults('numerics', results, {
  note: 'Shared 2-core machine: other engineers build and test concurrently; medians reported, peers measured in the same run.',
});
