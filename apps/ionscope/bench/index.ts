/**
 * Batch throughput of `ionscope run`, end to end: process start, plugin discovery, globbing,
 * worker threads, reading, one analysis per file, the combined table and the summary. The fixture
 * plugin's straight-line fit costs microseconds, so these figures are the CLI's own overhead; a
 * technique's fit time adds on top (impedance: 10,000 spectra ≤ 20 s; XRD: 1,000 × 5,000 points ≤ 15 s).
 *
 *   npm run bench            (from apps/ionscope; builds nothing: run `npx tsup` first)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench, type BenchEntry, writeBenchResults } from '@ionscope/bench';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(appRoot, 'dist', 'bin.js');
const plugin = join(appRoot, 'test', 'fixtures', 'plugin-demo');

/** Writes `count` .demo files of `points` points each into dir/data. */
function makeData(dir: string, count: number, points: number) {
  mkdirSync(join(dir, 'data'), { recursive: true });
  for (let f = 0; f < count; f++) {
    const lines = ['#demo'];
    for (let i = 0; i < points; i++) lines.push(`${i} ${(2 + 0.5 * i + 0.01 * Math.sin(f + i)).toFixed(6)}`);
    writeFileSync(join(dir, 'data', `s${f}.demo`), `${lines.join('\n')}\n`);
  }
  writeFileSync(join(dir, 'ionscope.config.json'), JSON.stringify({ plugins: [plugin] }));
}

function pipeline(dir: string, name: string, output: string) {
  writeFileSync(join(dir, `${name}.yaml`), `name: ${name}\ninputs: data/*.demo\nsteps:\n  - analysis: demo.line-fit\noutput: ${output}\n`);
}

/** One `ionscope run` as a child process; returns its summary (throws when inputs failed). */
function runOnce(dir: string, name: string, workers: number) {
  const r = spawnSync(process.execPath, [bin, 'run', `${name}.yaml`, '--out', join(dir, `out-${name}`), '--workers', String(workers), '--json'], {
    cwd: dir,
    env: { ...process.env, IONSCOPE_DISCOVER: 'config' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`ionscope run ${name} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as { total: number; succeeded: number; durationMs: number; filesPerSecond: number };
}

const workers = Math.max(1, availableParallelism());
const entries: BenchEntry[] = [];
const root = mkdtempSync(join(tmpdir(), 'ionscope-bench-'));
try {
  const small = join(root, 'small');
  const large = join(root, 'large');
  console.log(`generating 10,000 × 20-point and 1,000 × 5,000-point files in ${root} …`);
  makeData(small, 10_000, 20);
  makeData(large, 1_000, 5_000);
  pipeline(small, 'table-only', '{ views: false, perInput: false }');
  pipeline(small, 'per-input', '{ views: false, perInput: true }');
  pipeline(large, 'xrd-size', '{ views: false, perInput: false }');

  const cases: [string, string, string, number, number][] = [
    ['run 10,000 files × 20 points, table only', small, 'table-only', 10_000, 20_000],
    ['run 10,000 files × 20 points, per-input result folders', small, 'per-input', 10_000, 20_000],
    ['run 1,000 files × 5,000 points, table only', large, 'xrd-size', 1_000, 15_000],
  ];
  for (const [label, dir, name, count, targetMs] of cases) {
    let inner: number[] = [];
    const r = bench(
      label,
      () => {
        const summary = runOnce(dir, name, workers);
        if (summary.succeeded !== count) throw new Error(`${label}: ${summary.succeeded}/${count} succeeded`);
        inner.push(summary.durationMs);
      },
      { warmup: 1, minRuns: 3, maxRuns: 3, minTimeMs: 0 },
    );
    inner = inner.slice(1).sort((a, b) => a - b); // drop the warm-up run
    const batchMs = inner[Math.floor(inner.length / 2)] as number;
    entries.push({
      ...r,
      targetMs,
      files: count,
      workers,
      filesPerSecond: Math.round(count / (r.medianMs / 1000)),
      batchOnlyMs: batchMs,
      batchOnlyFilesPerSecond: Math.round(count / (batchMs / 1000)),
      note: 'wall time of the whole command (process start, discovery, workers); batchOnlyMs excludes start-up',
    });
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
writeBenchResults('ionscope', entries, {
  harness: '@ionscope/bench',
  note: 'fixture plugin (straight-line fit): measures the CLI overhead; technique fits add their own time',
});
