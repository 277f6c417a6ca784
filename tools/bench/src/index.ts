/**
 * @ionscope/bench: the shared benchmark harness (Node only, consumed through tsx).
 *
 * Usage from a package's `bench/index.ts`:
 * ```ts
 * import { bench, printTable, writeBenchResults } from '@ionscope/bench';
 * const r = bench('fft 2^20', () => plan.forward(re, im, oRe, oIm), { warmup: 3, minRuns: 10 });
 * writeBenchResults('numerics', [{ ...r, peer: { name: 'fft.js', ms: ref.medianMs }, targetMs: 60 }]);
 * ```
 * Timing is wall clock (`performance.now()`); the figure reported is the median of the timed runs,
 * with the 10th and 90th percentiles so that noise from a shared machine is visible.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface BenchOptions {
  /** untimed calls before measuring (JIT warm-up); default 2 */
  warmup?: number;
  /** at least this many timed runs; default 5 */
  minRuns?: number;
  /** keep running until this much time has been spent timing (ms); default 500 */
  minTimeMs?: number;
  /** never more than this many timed runs; default 1000 */
  maxRuns?: number;
}

/** Timing summary of one benchmark (a type alias so it is assignable to {@link BenchEntry}). */
export type BenchResult = {
  name: string;
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  runs: number;
};

/** A result with optional comparison figures, as printed and written to JSON. */
export interface BenchEntry extends BenchResult {
  /** a reference figure measured in the same run or quoted from a peer tool */
  peer?: { name: string; ms: number };
  /** the figure to meet: pass when medianMs ≤ targetMs */
  targetMs?: number;
  /** free-form extra fields (iterations, sizes, accuracy...) */
  [key: string]: unknown;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Time `fn`: `warmup` untimed calls, then timed calls until both `minRuns` and `minTimeMs` are
 * reached (capped by `maxRuns`). Returns median and 10th/90th percentiles in milliseconds.
 */
export function bench(name: string, fn: () => unknown, options: BenchOptions = {}): BenchResult {
  const warmup = options.warmup ?? 2;
  const minRuns = options.minRuns ?? 5;
  const minTimeMs = options.minTimeMs ?? 500;
  const maxRuns = Math.max(minRuns, options.maxRuns ?? 1000);
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  let spent = 0;
  while (times.length < maxRuns && (times.length < minRuns || spent < minTimeMs)) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: quantile(times, 0.5), p10Ms: quantile(times, 0.1), p90Ms: quantile(times, 0.9), runs: times.length };
}

/**
 * Time several functions in alternation (A, B, C, A, B, C, …) so that load changes on a shared
 * machine hit all of them alike; use this for ratios between implementations. Each function gets
 * `warmup` untimed calls, then rounds continue until every one has `minRuns` timings and the
 * round time spent reaches `minTimeMs`.
 */
export function benchInterleaved(cases: { name: string; fn: () => unknown }[], options: BenchOptions = {}): BenchResult[] {
  const warmup = options.warmup ?? 2;
  const minRuns = options.minRuns ?? 5;
  const minTimeMs = options.minTimeMs ?? 500;
  const maxRuns = Math.max(minRuns, options.maxRuns ?? 1000);
  for (const c of cases) for (let i = 0; i < warmup; i++) c.fn();
  const times: number[][] = cases.map(() => []);
  let spent = 0;
  let rounds = 0;
  while (rounds < maxRuns && (rounds < minRuns || spent < minTimeMs)) {
    cases.forEach((c, k) => {
      const t0 = performance.now();
      c.fn();
      const dt = performance.now() - t0;
      times[k].push(dt);
      spent += dt;
    });
    rounds++;
  }
  return cases.map((c, k) => {
    const sorted = times[k].sort((a, b) => a - b);
    return { name: c.name, medianMs: quantile(sorted, 0.5), p10Ms: quantile(sorted, 0.1), p90Ms: quantile(sorted, 0.9), runs: sorted.length };
  });
}

/** Async variant of {@link bench} for functions returning promises. */
export async function benchAsync(name: string, fn: () => Promise<unknown>, options: BenchOptions = {}): Promise<BenchResult> {
  const warmup = options.warmup ?? 2;
  const minRuns = options.minRuns ?? 5;
  const minTimeMs = options.minTimeMs ?? 500;
  const maxRuns = Math.max(minRuns, options.maxRuns ?? 1000);
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  let spent = 0;
  while (times.length < maxRuns && (times.length < minRuns || spent < minTimeMs)) {
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: quantile(times, 0.5), p10Ms: quantile(times, 0.1), p90Ms: quantile(times, 0.9), runs: times.length };
}

/** Walk up from `start` to the directory holding nx.json (the monorepo root). */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`@ionscope/bench: no nx.json found above ${start}`);
    dir = parent;
  }
}

function fmt(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(3);
}

/** Whether an entry meets its target (undefined when it has none). */
export function passes(entry: BenchEntry): boolean | undefined {
  return entry.targetMs === undefined ? undefined : entry.medianMs <= entry.targetMs;
}

/** Format results as a plain-text table: median, p10–p90, runs, peer and ratio, target and pass/fail. */
export function formatTable(results: BenchEntry[]): string {
  const header = ['benchmark', 'median ms', 'p10–p90 ms', 'runs', 'peer', 'peer ms', 'ratio', 'target ms', 'ok'];
  const rows = results.map((r) => {
    const ok = passes(r);
    return [
      r.name,
      fmt(r.medianMs),
      `${fmt(r.p10Ms)}–${fmt(r.p90Ms)}`,
      String(r.runs),
      r.peer?.name ?? '',
      fmt(r.peer?.ms),
      r.peer ? (r.medianMs / r.peer.ms).toFixed(2) : '',
      fmt(r.targetMs),
      ok === undefined ? '' : ok ? 'pass' : 'FAIL',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Print {@link formatTable} to stdout. */
export function printTable(results: BenchEntry[]): void {
  console.log(formatTable(results));
}

/**
 * Write `bench-results/<packageName>.json` at the repo root (created if needed), print the table,
 * and return the path. The JSON holds the machine load so that noisy figures can be recognised.
 */
export function writeBenchResults(packageName: string, results: BenchEntry[], extra: Record<string, unknown> = {}): string {
  const root = findRepoRoot();
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${packageName.replace(/^@ionscope\//, '')}.json`);
  const doc = {
    package: packageName,
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverage: loadavg(),
    results: results.map((r) => ({ ...r, ratio: r.peer ? r.medianMs / r.peer.ms : undefined, pass: passes(r) })),
    ...extra,
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  printTable(results);
  console.log(
    `\nwrote ${file} (load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  return file;
}
