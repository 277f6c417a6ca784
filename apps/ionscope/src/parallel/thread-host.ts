/**
 * The CLI's {@link ParallelHost}: one piscina pool whose threads run the tasks of plugins' worker
 * modules (`ctx.parallel`). The pool starts on the first task, so analyses that never ask for
 * threads cost nothing; `destroy()` ends it. Plugins are found through discovery, which knows each
 * package root: the worker module is `root + workerModule`.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Logger, type ParallelHost, type ParallelRunner, type Plugin, taskErrorFromData } from '@ionscope/core';
import Piscina from 'piscina';
import { usageError } from '../cli/errors';
import { cliPackageRoot, type LoadedPlugin } from '../discovery/load';
import type { TaskMessage, TaskReply } from './protocol';

export interface ThreadHost extends ParallelHost {
  /** Ends the pool's threads (waits for none). */
  destroy(): Promise<void>;
}

/**
 * Threads for analyses' tasks: `--threads N`, else `IONSCOPE_THREADS`, else one per core. 1 means
 * no pool (tasks run inline on the calling thread).
 */
export function threadCount(option: string | undefined, env = process.env.IONSCOPE_THREADS): number {
  const given = option ?? env;
  if (given === undefined || given === '') return Math.max(1, availableParallelism());
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`${option !== undefined ? '--threads' : 'IONSCOPE_THREADS'} must be a whole number ≥ 1`, { found: String(given) });
  return n;
}

export function createThreadHost(plugins: LoadedPlugin[], options: { size: number; logger: Logger }): ThreadHost {
  const size = Math.max(1, Math.floor(options.size));
  let pool: Piscina<TaskMessage, TaskReply> | undefined;
  const runners = new Map<string, ParallelRunner | undefined>();
  const startPool = () => {
    if (!pool) {
      options.logger.debug(`plugin tasks on ${size} worker thread${size === 1 ? '' : 's'}`);
      pool = new Piscina<TaskMessage, TaskReply>({
        filename: join(cliPackageRoot(), 'dist', 'task-worker.js'),
        minThreads: 0,
        maxThreads: size,
        idleTimeout: 2000,
      });
    }
    return pool;
  };
  const runnerFor = (plugin: Plugin): ParallelRunner | undefined => {
    if (runners.has(plugin.id)) return runners.get(plugin.id);
    const root = plugins.find((p) => p.id === plugin.id)?.root;
    let runner: ParallelRunner | undefined;
    if (root && plugin.workerModule) {
      const path = resolve(root, plugin.workerModule);
      if (!existsSync(path)) options.logger.warn(`plugin ${plugin.id}: its worker module ${path} is missing, so its tasks run on one thread`);
      else {
        const module = pathToFileURL(path).href;
        runner = {
          size,
          async map<T, R>(task: string, inputs: readonly T[], mapOptions: { signal?: AbortSignal } = {}): Promise<R[]> {
            const threads = startPool();
            const replies = await Promise.all(
              inputs.map((input) => threads.run({ module, task, input }, mapOptions.signal ? { signal: mapOptions.signal } : {})),
            );
            return replies.map((reply) => {
              if (!reply.ok) throw taskErrorFromData(reply.error);
              return reply.value as R;
            });
          },
        };
      }
    }
    runners.set(plugin.id, runner);
    return runner;
  };
  return {
    size,
    runnerFor,
    async destroy() {
      const p = pool;
      pool = undefined;
      await p?.destroy();
    },
  };
}
