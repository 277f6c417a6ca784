import type { TaskErrorData } from '@ionscope/core';

/** One plugin task sent to a thread of the task pool. */
export interface TaskMessage {
  /** file: URL of the plugin's worker module (its package root + `workerModule`). */
  module: string;
  /** The named export to call. */
  task: string;
  input: unknown;
}

/** What the thread sends back: the task's result, or its error as data (structured clone keeps only an Error's message). */
export type TaskReply = { ok: true; value: unknown } | { ok: false; error: TaskErrorData };
