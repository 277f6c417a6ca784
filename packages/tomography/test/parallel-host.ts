/**
 * A test host with `size` "threads" for `ctx.parallel`: each task gets a structured clone of its
 * input (as a worker thread would), finishes after a pseudo-random delay (so later slabs often
 * finish first) and returns a clone of its result; it runs the plugin's worker module in-process.
 */
import type { ParallelHost, ParallelRunner } from '@ionscope/core';
import * as workerModule from '../src/worker';
import { rng } from './helpers';

export interface HostLog {
  plugins: string[];
  tasks: number;
  maxConcurrent: number;
  completionOrder: number[];
  signals: AbortSignal[];
}

/**
 * A host with `size` "threads": each task gets a structured clone of its input, finishes after a
 * pseudo-random delay (so later slabs often finish first) and returns a clone of its result.
 * `failAt` makes that task (0-based) fail as a worker would report it.
 */
export function threadedHost(size: number, log: HostLog, failAt = -1): ParallelHost {
  const delay = rng(42);
  let running = 0;
  return {
    size,
    runnerFor(p): ParallelRunner {
      log.plugins.push(`${p.id}:${p.workerModule}`);
      return {
        size,
        map<T, R>(task: string, inputs: readonly T[], options?: { signal?: AbortSignal }): Promise<R[]> {
          if (options?.signal) log.signals.push(options.signal);
          return Promise.all(
            inputs.map(async (input) => {
              const id = log.tasks++;
              running++;
              log.maxConcurrent = Math.max(log.maxConcurrent, running);
              try {
                await new Promise((r) => setTimeout(r, Math.floor(delay() * 15)));
                if (id === failAt) throw new Error('worker thread died');
                const fn = (workerModule as Record<string, (x: unknown) => unknown>)[task] as (x: unknown) => unknown;
                const result = structuredClone(fn(structuredClone(input))) as R;
                log.completionOrder.push(id);
                return result;
              } finally {
                running--;
              }
            }),
          );
        },
      };
    },
  };
}

export const newLog = (): HostLog => ({ plugins: [], tasks: 0, maxConcurrent: 0, completionOrder: [], signals: [] });
