/**
 * Plugin tasks on the CLI's worker threads (`ctx.parallel`): `ionscope analyze --threads N` runs a
 * plugin's worker-module tasks on a thread pool, `ionscope run` lends threads only to workers that
 * have cores to spare. The threaded reconstruction must equal the one-thread one bit for bit.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot, oneJson, runCli } from './helpers';
import { hasTomography, nrrdData, tomography, writeScan } from './tomography-scan';

const tasksPlugin = join(appRoot, 'test', 'fixtures', 'plugin-tasks');

function tasksProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ionscope-tasks-'));
  writeFileSync(join(dir, 'ionscope.config.json'), JSON.stringify({ plugins: [tasksPlugin] }));
  writeFileSync(join(dir, 'a.nums'), Array.from({ length: 23 }, (_, i) => String(i * 0.5 - (i === 17 ? 20 : 0))).join('\n'));
  return dir;
}

describe('plugin tasks on worker threads', () => {
  it('analyze --threads 3 runs the tasks on other threads, with the same result as --threads 1', async () => {
    const cwd = tasksProject();
    const threaded = await runCli(['analyze', 'a.nums', '-a', 'tasks.squares', '--threads', '3', '--json'], { cwd });
    expect(threaded.code, threaded.stderr).toBe(0);
    const serial = await runCli(['analyze', 'a.nums', '-a', 'tasks.squares', '--threads', '1', '--json'], { cwd });
    expect(serial.code, serial.stderr).toBe(0);
    const t = oneJson(threaded.stdout).result;
    const s = oneJson(serial.stdout).result;
    const x = Array.from({ length: 23 }, (_, i) => i * 0.5 - (i === 17 ? 20 : 0));
    expect(s.squares.values).toEqual(x.map((v) => v * v));
    expect(t.squares.values).toEqual(s.squares.values);
    expect(t.squares.unit).toBe('m^2');
    expect(t.threads).toBe(3);
    expect(s.threads).toBe(1);
    // thread 0 is the main thread: the threaded tasks ran elsewhere, on more than one thread
    expect(s.threadIds).toEqual([0]);
    expect(t.threadIds).not.toContain(0);
    expect(t.threadIds.length).toBeGreaterThan(1);
  });

  it('a task’s error keeps its code, line and field across the thread boundary', async () => {
    const cwd = tasksProject();
    const r = await runCli(['analyze', 'a.nums', '-a', 'tasks.squares', '--threads', '2', '-p', 'failLine=18', '--json'], { cwd });
    expect(r.code).toBe(1);
    const error = oneJson(r.stdout).error;
    expect(error).toMatchObject({ code: 'E_PARSE', line: 18, field: 'value', expected: 'x ≥ 0' });
    expect(error.message).toMatch(/a\.nums, line 18, field "value": negative numbers are refused here/);
    const unknown = await runCli(['analyze', 'a.nums', '-a', 'tasks.squares', '--threads', '2', '-p', 'task=cube', '--json'], { cwd });
    expect(oneJson(unknown.stdout).error.message).toMatch(/no task "cube".*one of squareBlock/);
  });

  it('rejects a bad --threads', async () => {
    const r = await runCli(['analyze', 'a.nums', '-a', 'tasks.squares', '--threads', '0', '--json'], { cwd: tasksProject() });
    expect(r.code).toBe(1);
    expect(oneJson(r.stdout).error.message).toMatch(/--threads must be a whole number ≥ 1/);
  });
});

if (!hasTomography) console.warn(`[skip] threaded reconstruction through the CLI: ${tomography}/dist (index.js, worker.js) is not built`);

describe.skipIf(!hasTomography)('tomography.reconstruct on worker threads', () => {
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ionscope-threads-'));
    writeFileSync(join(dir, 'ionscope.config.json'), JSON.stringify({ plugins: [tomography] }));
    writeScan(join(dir, 'scans', 'disc'), { rings: true });
    writeScan(join(dir, 'scans', 'disc2'), { rings: true });
    return dir;
  };
  const common = [
    '-a',
    'tomography.reconstruct',
    '-p',
    'centre=auto',
    '-p',
    'pixelSize=1.5',
    '-p',
    'filter=hann',
    '-p',
    'ringRemoval=both',
    '-p',
    'ringSize=5',
  ];
  const attenuation = (stdout: string) => {
    const result = oneJson(stdout).result;
    return { result, values: Float32Array.from(result.attenuation.values as number[]) };
  };

  it('analyze: slabs on 3 threads give the one-thread volume bit for bit, in memory and streamed', async () => {
    const cwd = project();
    const serial = await runCli(['analyze', 'scans/disc', ...common, '--threads', '1', '--json'], { cwd });
    expect(serial.code, serial.stderr).toBe(0);
    const threaded = await runCli(['analyze', 'scans/disc', ...common, '--threads', '3', '--json'], { cwd });
    expect(threaded.code, threaded.stderr).toBe(0);
    const s = attenuation(serial.stdout);
    const t = attenuation(threaded.stdout);
    expect(s.values.length).toBe(16 * 64 * 64);
    expect(s.result.threads).toBe(1);
    expect(t.result.threads).toBe(3);
    expect(t.result.centre).toBe(s.result.centre);
    expect(t.result.stripeColumnsCorrected).toBe(s.result.stripeColumnsCorrected);
    expect(Buffer.from(t.values.buffer).equals(Buffer.from(s.values.buffer))).toBe(true);
    // the ring filter ran in the tasks: without it the slices differ
    const rings = attenuation((await runCli(['analyze', 'scans/disc', ...common, '-p', 'ringRemoval=none', '--threads', '3', '--json'], { cwd })).stdout);
    expect(Buffer.from(rings.values.buffer).equals(Buffer.from(s.values.buffer))).toBe(false);
    // the big disc (μ = 0.01 per pixel of 1.5 µm) comes back at its value in the first row
    const mid = s.values[(0 * 64 + 32 - 20) * 64 + 32] as number;
    expect(mid * 1.5).toBeCloseTo(0.01, 2);

    const streamed = await runCli(['analyze', 'scans/disc', ...common, '-p', 'maxInMemoryMB=0.2', '--threads', '2', '--out', 'out', '--json'], { cwd });
    expect(streamed.code, streamed.stderr).toBe(0);
    const out = oneJson(streamed.stdout).result;
    expect(out.kind).toBe('tomography.volume-file');
    expect(out.threads).toBe(2);
    expect(out.memory).toMatchObject({ slabsInFlight: 3 });
    const { values } = nrrdData(new Uint8Array(readFileSync(join(cwd, 'out', 'reconstruction.nrrd'))));
    expect(Buffer.from(values.buffer).equals(Buffer.from(s.values.buffer))).toBe(true);
  });

  it('run: a lone worker gets the spare threads, workers that fill the cores get none; same volumes', async () => {
    const cwd = project();
    const serial = attenuation((await runCli(['analyze', 'scans/disc', ...common, '--threads', '1', '--json'], { cwd })).stdout);
    const params = '{ centre: auto, pixelSize: 1.5, filter: hann, ringRemoval: both, ringSize: 5, maxInMemoryMB: 0.05 }';
    writeFileSync(join(cwd, 'recon.yaml'), `inputs: scans/*/\nsteps:\n  - analysis: tomography.reconstruct\n    params: ${params}\noutput: { views: false }\n`);
    for (const [workers, threads] of [
      ['1', 2],
      ['2', 1],
    ] as const) {
      const r = await runCli(['run', 'recon.yaml', '--out', `batch-${workers}`, '--workers', workers, '--json'], { cwd, env: { IONSCOPE_THREADS: '2' } });
      expect(r.code, r.stderr).toBe(0);
      expect(oneJson(r.stdout)).toMatchObject({ ok: true, succeeded: 2, workers: Number(workers) });
      const rows = readFileSync(join(cwd, `batch-${workers}`, 'results.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(rows.map((row) => row.values.threads)).toEqual([threads, threads]);
      const files = JSON.parse(readFileSync(join(cwd, `batch-${workers}`, 'ro-crate-metadata.json'), 'utf8'))['@graph'].map((e: { '@id': string }) => e['@id']);
      const nrrds = files.filter((f: string) => f.endsWith('reconstruction.nrrd'));
      expect(nrrds).toHaveLength(2);
      for (const nrrd of nrrds) {
        const { values } = nrrdData(new Uint8Array(readFileSync(join(cwd, `batch-${workers}`, decodeURIComponent(nrrd)))));
        expect(Buffer.from(values.buffer).equals(Buffer.from(serial.values.buffer))).toBe(true);
      }
    }
  });
});

describe('interrupting analyze', () => {
  it('Ctrl-C stops the tasks on the threads, leaves no half-written output and exits 130', async () => {
    const cwd = tasksProject();
    let sent = 0;
    let partialSeen = false;
    // 23 one-number blocks of 1 s each on 2 threads: about 12 s if nothing stopped them
    const r = await runCli(
      ['analyze', 'a.nums', '-a', 'tasks.squares', '--threads', '2', '-p', 'block=1', '-p', 'blockMs=1000', '-p', 'stream=true', '--out', 'out', '--json'],
      {
        cwd,
        onStderr: (text, child) => {
          if (!sent && /squaring 23 blocks/.test(text)) {
            sent = Date.now();
            partialSeen = existsSync(join(cwd, 'out', 'squares.bin'));
            setTimeout(() => child.kill('SIGINT'), 300);
          }
        },
      },
    );
    expect(sent, r.stderr).toBeGreaterThan(0);
    expect(r.code, r.stderr).toBe(130);
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(r.stderr).toMatch(/interrupted: cancelling tasks\.squares/);
    expect(r.stderr).not.toMatch(/MaxListenersExceeded/);
    const error = oneJson(r.stdout).error;
    expect(error.code).toBe('E_ABORTED');
    expect(error.message).toMatch(/tasks\.squares was cancelled/);
    expect(partialSeen).toBe(true);
    expect(existsSync(join(cwd, 'out', 'squares.bin'))).toBe(false);
    expect(existsSync(join(cwd, 'out', 'result.json'))).toBe(false);
  });
});
