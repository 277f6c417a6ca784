/**
 * `npm run bench`: in-process medians after warm-up (shared harness tools/bench), written to
 * bench-results/impedance.json and compared with the Python peers' figures (../shared/peers/impedance).
 * The machine is shared with other builds: read the ratios, and the p10 column for the unloaded speed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bench, writeBenchResults } from '@ionscope/bench';
import { computeDrt, fitCircuit, linKK, seriesDataset, simulateCircuit } from '../src/index';
import { readBiologicMpt } from '../src/readers/biologic-mpt';
import { fitSeriesAnalysis } from '../src/analyses/fit-series';
import { OPERANDO_CIRCUIT, operandoSpectrum } from '../tools/make-operando-batch';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const rows = readFileSync(here('../examples/exampleData.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((l) => l.split(',').map(Number));
const f66 = rows.map((r) => r[0] as number);
const re66 = rows.map((r) => r[1] as number);
const im66 = rows.map((r) => r[2] as number);
const cap = rows.filter((r) => (r[2] as number) <= 0);
const f57 = cap.map((r) => r[0] as number);
const re57 = cap.map((r) => r[1] as number);
const im57 = cap.map((r) => r[2] as number);
const below1k = rows.filter((r) => (r[0] as number) < 1000);

const peersFile = here('../../../../shared/peers/impedance/results.json');
const peers = existsSync(peersFile) ? JSON.parse(readFileSync(peersFile, 'utf8')) : undefined;
const drtPeerFile = here('../../../../shared/peers/impedance/drt_cvxopt.json');
const drtPeer = existsSync(drtPeerFile) ? JSON.parse(readFileSync(drtPeerFile, 'utf8')) : undefined;

const opts = { warmup: 20, minRuns: 30, minTimeMs: 1500 };
const circuit = 'R0-p(R1,C1)-p(R2-Wo1,C2)';
const guess = [0.01, 0.01, 100, 0.01, 0.05, 100, 1];

const fit = bench('fit R0-p(R1,C1)-p(R2-Wo1,C2), 57 points, given start', () => fitCircuit(f57, re57, im57, { circuit, initialGuess: guess }), opts);
const fitAuto = bench('fit same circuit, automatic start (4 candidates)', () => fitCircuit(f57, re57, im57, { circuit }), { ...opts, minRuns: 10 });
const op = operandoSpectrum(5000, 10000);
const fitOperando = bench(
  `fit ${OPERANDO_CIRCUIT}, 43 points (operando spectrum)`,
  () => fitCircuit(op.f, op.re, op.im, { circuit: OPERANDO_CIRCUIT, initialGuess: op.params }),
  opts,
);
const lin = bench(
  'Lin-KK f < 1 kHz (55 points), c = 0.5, with C (M = 26)',
  () =>
    linKK(
      below1k.map((r) => r[0] as number),
      below1k.map((r) => r[1] as number),
      below1k.map((r) => r[2] as number),
      { c: 0.5, addCapacitance: true },
    ),
  opts,
);
const drt = bench('DRT 66 points, λ by 5-fold CV (one-SE rule)', () => computeDrt(f66, re66, im66), { ...opts, minRuns: 15 });
const drtFixed = bench('DRT 66 points, fixed λ', () => computeDrt(f66, re66, im66, { lambda: 3e-4 }), opts);

// Reading: the 61-spectrum GEIS file from the shared data, when present.
const geis = here('../../../../shared/data/electrochem/biologic/geis.mpt');
const readGeis = existsSync(geis)
  ? bench('read geis.mpt (1.2 MB, 61 spectra)', () => readBiologicMpt({ name: 'geis.mpt', bytes: new Uint8Array(readFileSync(geis)) }), {
      ...opts,
      minRuns: 10,
    })
  : undefined;

// Series fit with warm starts: 100 spectra of the operando cell.
const spectra = Array.from({ length: 100 }, (_, k) => {
  const s = operandoSpectrum(k * 100, 10000);
  return { frequency: Float64Array.from(s.f), Zreal: Float64Array.from(s.re), Zimag: Float64Array.from(s.im) };
});
const series = seriesDataset(spectra);
const ctx = { logger: { debug() {}, info() {}, warn() {} }, progress() {}, signal: new AbortController().signal, warn() {} };
const seriesParams = fitSeriesAnalysis.params.parse({ circuit: OPERANDO_CIRCUIT, initialGuess: op.params });
const seriesFit = bench('fit-series, 100 operando spectra, warm starts', () => fitSeriesAnalysis.run({ input: series }, seriesParams, ctx), {
  ...opts,
  minRuns: 5,
  warmup: 2,
});

const simulated = simulateCircuit(circuit, guess, f57);
void simulated;

const entries = [
  { ...fit, targetMs: 3, ...(peers ? { peer: { name: 'impedance.py 1.7.1', ms: peers.fits.default_unweighted.fit_wall_time_s.median * 1000 } } : {}) },
  {
    ...fitAuto,
    ...(peers ? { peer: { name: 'impedance.py basinhopping (niter 20)', ms: peers.fits.global_opt_basinhopping_niter20.fit_wall_time_s.median * 1000 } } : {}),
  },
  { ...fitOperando, perSpectrum: true },
  { ...lin, targetMs: 5, ...(peers ? { peer: { name: 'impedance.py linKK', ms: peers.linKK.docs_example_f_below_1kHz.wall_time_s * 1000 } } : {}) },
  { ...drt, targetMs: 50, ...(drtPeer ? { peer: { name: 'pyDRTtools simple_run (cvxopt)', ms: drtPeer.runs.GCV.wall_time_s * 1000 } } : {}) },
  drtFixed,
  ...(readGeis ? [readGeis] : []),
  { ...seriesFit, spectra: 100, msPerSpectrum: seriesFit.medianMs / 100 },
];
writeBenchResults('impedance', entries, {
  note: 'in-process medians after warm-up on a shared 2-core machine (other engineers building); peers measured by the peers README on a similar machine',
  operandoBatch: 'tools/make-operando-batch.ts writes 10,000 .mpt files and pipeline.yaml; measured with `ionscope run pipeline.yaml --workers 2` (see README)',
});
