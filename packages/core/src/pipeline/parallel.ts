/**
 * Helpers for `ctx.parallel` (see {@link ParallelRunner} in the plugin contract): the inline runner
 * plugins fall back to when the host lends no threads, and the error round trip a host needs to
 * carry a task's IonscopeError from a worker thread back to the analysis intact.
 */
import { type ErrorCode, IonscopeError, PluginFailureError, throwIfAborted, toIonscopeError } from '../errors';
import type { ParallelMapOptions, ParallelRunner, WorkerTasks } from '../plugin/contract';

/**
 * A {@link ParallelRunner} that runs the tasks one after another on the calling thread (size 1).
 * Plugins write `const runner = ctx.parallel ?? inlineRunner(tasks)` with `tasks` their worker
 * module's exports (`import * as tasks from './worker'`), so one code path serves hosts with and
 * without threads. Inputs are not copied: as with threads, an input belongs to its task once given.
 */
export function inlineRunner(tasks: WorkerTasks): ParallelRunner {
  return {
    size: 1,
    async map<T, R>(task: string, inputs: readonly T[], options: ParallelMapOptions = {}): Promise<R[]> {
      const fn = tasks[task];
      if (typeof fn !== 'function') throw unknownTask(task, Object.keys(tasks));
      const out: R[] = [];
      for (const input of inputs) {
        throwIfAborted(options.signal);
        out.push((await fn(input)) as R);
      }
      throwIfAborted(options.signal);
      return out;
    },
  };
}

/** The error for a task name the worker module does not export. */
export function unknownTask(task: string, available: string[]): PluginFailureError {
  return new PluginFailureError(`the worker module has no task "${task}"`, {
    field: 'task',
    expected: available.length ? `one of ${available.join(', ')}` : 'a named function export',
  });
}

/** An error as it crosses a thread boundary (structured clone keeps only an Error's message). */
export interface TaskErrorData {
  code: string;
  /** The error class's name (`ParseError`), kept for messages and logs. */
  name: string;
  description: string;
  file?: string;
  line?: number;
  offset?: number;
  field?: string;
  expected?: string;
  found?: string;
  details?: Record<string, unknown>;
  /** The thread's stack, for debugging. */
  stack?: string;
}

/** Turns whatever a task threw into {@link TaskErrorData} (in the worker thread). */
export function taskErrorToData(error: unknown): TaskErrorData {
  const e = toIonscopeError(error);
  const data: TaskErrorData = { code: e.code, name: e.name, description: e.description };
  for (const key of ['file', 'line', 'offset', 'field', 'expected', 'found', 'details'] as const) {
    if (e[key] !== undefined) (data as unknown as Record<string, unknown>)[key] = e[key];
  }
  const stack = error instanceof Error ? error.stack : undefined;
  if (stack) data.stack = stack;
  return data;
}

/** Rebuilds the task's error (same code, location and message) on the calling thread. */
export function taskErrorFromData(data: TaskErrorData): IonscopeError {
  const { code, name, description, stack, ...location } = data;
  const error = new IonscopeError(code as ErrorCode, description, location);
  if (name) error.name = name;
  if (stack) error.stack = stack;
  return error;
}
