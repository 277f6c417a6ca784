/**
 * `ctx.parallel`: the inline runner, how runAnalysis/runPipeline hand a host's threads to plugins
 * that declare a worker module, and the error round trip across a thread boundary. The "threaded"
 * host here structured-clones every input and result, as worker threads do, so a plugin that runs
 * with it and without it must give the same numbers.
 */
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  Confidence,
  createDataset,
  type Dataset,
  definePlugin,
  describeRegistry,
  ErrorCode,
  inlineRunner,
  IonscopeError,
  ManifestError,
  type ParallelHost,
  type ParallelRunner,
  ParseError,
  type Plugin,
  PluginFailureError,
  Registry,
  runAnalysis,
  runPipeline,
  taskErrorFromData,
  taskErrorToData,
  variable,
  z,
} from '../src/index';

/** The "worker module": a block sum of squares and a task that fails like a reader would. */
const tasks = {
  sumOfSquares(input: { values: Float64Array; scale: number }): { sum: number; squares: Float64Array } {
    const squares = new Float64Array(input.values.length);
    let sum = 0;
    for (let i = 0; i < squares.length; i++) {
      squares[i] = (input.values[i] as number) ** 2 * input.scale;
      sum += squares[i] as number;
    }
    return { sum, squares };
  },
  fail(input: { line: number }): never {
    throw new ParseError('bad block', { line: input.line, expected: 'numbers' });
  },
};

/** A host whose tasks cross a (simulated) thread boundary: inputs and results are cloned, errors carried as data. */
function clonedHost(size: number, seen: { plugins: string[]; signals: (AbortSignal | undefined)[]; calls: number }): ParallelHost {
  return {
    size,
    runnerFor(plugin: Plugin): ParallelRunner {
      seen.plugins.push(`${plugin.id}:${plugin.workerModule}`);
      return {
        size,
        async map<T, R>(task: string, inputs: readonly T[], options?: { signal?: AbortSignal }): Promise<R[]> {
          seen.signals.push(options?.signal);
          return Promise.all(
            inputs.map(async (input) => {
              seen.calls++;
              await new Promise((r) => setTimeout(r, 1));
              try {
                const fn = (tasks as Record<string, (x: unknown) => unknown>)[task] as (x: unknown) => unknown;
                return structuredClone(await fn(structuredClone(input))) as R;
              } catch (error) {
                throw taskErrorFromData(structuredClone(taskErrorToData(error)));
              }
            }),
          );
        },
      };
    },
  };
}

const Params = z.object({ block: z.number().int().positive().default(3), fail: z.boolean().default(false) });

function plugin(workerModule: string | undefined): Plugin {
  return definePlugin({
    id: 'blocks',
    name: 'Blocks',
    version: '0.1.0',
    apiVersion: '^1',
    ...(workerModule ? { workerModule } : {}),
    readers: [
      {
        id: 'blocks.text',
        name: 'numbers',
        extensions: ['.num'],
        kinds: ['blocks.series'],
        sniff: () => Confidence.plausible,
        read: (source) =>
          createDataset({
            kind: 'blocks.series',
            data: { y: variable(['i'], Float64Array.from(new TextDecoder().decode(source.bytes).trim().split(/\s+/), Number), 'V') },
          }),
      },
    ],
    analyses: [
      {
        id: 'blocks.sum-squares',
        name: 'Sum of squares by blocks',
        inputs: { input: { accepts: ['blocks.series'] } },
        params: Params,
        produces: 'blocks.result',
        async run(inputs, params: z.output<typeof Params>, ctx) {
          const y = (inputs.input as Dataset).data.y?.values as Float64Array;
          const runner = ctx.parallel ?? inlineRunner(tasks);
          const blocks = [];
          for (let i = 0; i < y.length; i += params.block) blocks.push({ values: y.slice(i, i + params.block), scale: 1 / 3 });
          if (params.fail) await runner.map('fail', [{ line: 7 }]);
          const results = await runner.map<(typeof blocks)[number], { sum: number; squares: Float64Array }>('sumOfSquares', blocks);
          const squares = new Float64Array(y.length);
          results.forEach((r, k) => squares.set(r.squares, k * params.block));
          return createDataset({
            kind: 'blocks.result',
            data: { squares: variable(['i'], squares, 'V^2') },
            values: { sum: results.reduce((a, r) => a + r.sum, 0), threads: runner.size },
          });
        },
      },
    ],
  });
}

const file = { name: 'a.num', bytes: new TextEncoder().encode('0.1 0.7 1.3 -2.9 3.3 4.1 5.7 -6.2 7.05 8.8 9.9') };

async function run(workerModule: string | undefined, host?: ParallelHost, params: Record<string, unknown> = {}) {
  const registry = new Registry();
  registry.register(plugin(workerModule), 'blocks');
  const out = await runPipeline(
    registry,
    [{ analysis: 'blocks.sum-squares', params }],
    { primary: file },
    { renderViews: false, ...(host ? { parallel: host } : {}) },
  );
  return out.steps[0]?.result as Dataset;
}

describe('parallel tasks (ctx.parallel)', () => {
  it('the inline runner runs the tasks in order on the calling thread', async () => {
    const runner = inlineRunner(tasks);
    expect(runner.size).toBe(1);
    const r = await runner.map<{ values: Float64Array; scale: number }, { sum: number }>('sumOfSquares', [
      { values: Float64Array.of(1, 2), scale: 1 },
      { values: Float64Array.of(3), scale: 2 },
    ]);
    expect(r.map((x) => x.sum)).toEqual([5, 18]);
    await expect(runner.map('nope', [1])).rejects.toThrow(PluginFailureError);
    await expect(runner.map('nope', [1])).rejects.toThrow(/no task "nope".*one of sumOfSquares, fail/);
    const controller = new AbortController();
    controller.abort();
    await expect(runner.map('sumOfSquares', [{ values: Float64Array.of(1), scale: 1 }], { signal: controller.signal })).rejects.toThrow(AbortError);
  });

  it('a host runner gives the same bits as the inline path, with the analysis signal by default', async () => {
    const seen = { plugins: [] as string[], signals: [] as (AbortSignal | undefined)[], calls: 0 };
    const threaded = await run('./dist/worker.js', clonedHost(3, seen));
    const inline = await run('./dist/worker.js');
    expect(seen.plugins).toEqual(['blocks:./dist/worker.js']);
    expect(seen.calls).toBe(4);
    expect(seen.signals[0]).toBeInstanceOf(AbortSignal);
    expect(threaded.values?.threads).toBe(3);
    expect(inline.values?.threads).toBe(1);
    expect(threaded.values?.sum).toBe(inline.values?.sum);
    const a = threaded.data.squares?.values as Float64Array;
    const b = inline.data.squares?.values as Float64Array;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    // y² / 3 summed: a known answer, not only self-consistency
    const y = [0.1, 0.7, 1.3, -2.9, 3.3, 4.1, 5.7, -6.2, 7.05, 8.8, 9.9];
    expect(threaded.values?.sum).toBeCloseTo(
      y.reduce((s, v) => s + (v * v) / 3, 0),
      12,
    );
  });

  it('plugins without a worker module are not offered the host threads', async () => {
    const seen = { plugins: [] as string[], signals: [] as (AbortSignal | undefined)[], calls: 0 };
    const result = await run(undefined, clonedHost(2, seen));
    expect(seen.plugins).toEqual([]);
    expect(result.values?.threads).toBe(1);
  });

  it('a task error crosses the thread boundary with its code, line and message', async () => {
    const seen = { plugins: [] as string[], signals: [] as (AbortSignal | undefined)[], calls: 0 };
    const failure = run('./dist/worker.js', clonedHost(2, seen), { fail: true });
    await expect(failure).rejects.toThrow(IonscopeError);
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.ParseError, line: 7, expected: 'numbers' });
    await expect(failure).rejects.toThrow(/a\.num, line 7: bad block; expected numbers/);
    const data = structuredClone(taskErrorToData(new TypeError('x is undefined')));
    expect(data).toMatchObject({ code: ErrorCode.PluginFailure, description: 'x is undefined' });
    expect(taskErrorFromData(data).message).toBe('x is undefined');
  });

  it('validates and describes the worker module path', () => {
    for (const bad of ['../other/worker.js', '/abs/worker.js', 'C:\\x\\worker.js', 'https://example.org/w.js', 'dist/worker.ts']) {
      expect(() => new Registry().register(plugin(bad), 'blocks'), bad).toThrow(ManifestError);
    }
    expect(() => new Registry().register(plugin('../w.js'), 'blocks')).toThrow(/workerModule.*relative to the package root/);
    const registry = new Registry();
    registry.register(plugin('./dist/worker.js'), 'blocks');
    expect(describeRegistry(registry).find((p) => p.id === 'blocks')?.workerModule).toBe('./dist/worker.js');
  });

  it('runAnalysis passes the runner only for the analysis’ own plugin', async () => {
    const seen = { plugins: [] as string[], signals: [] as (AbortSignal | undefined)[], calls: 0 };
    const registry = new Registry();
    registry.register(plugin('./dist/worker.mjs'), 'blocks');
    const input = createDataset({ kind: 'blocks.series', data: { y: variable(['i'], Float64Array.of(1, 2, 3, 4), 'V') } });
    const result = await runAnalysis(registry, 'blocks.sum-squares', { input }, { block: 2 }, { parallel: clonedHost(2, seen) });
    expect(result.values?.sum).toBeCloseTo(30 / 3, 14);
    expect(seen.plugins).toEqual(['blocks:./dist/worker.mjs']);
  });
});
