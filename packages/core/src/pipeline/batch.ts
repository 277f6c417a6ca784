import { type IonscopeError, toIonscopeError } from '../errors';

export type BatchItemOutcome<T, R> =
  | { status: 'ok'; item: T; index: number; value: R; durationMs: number }
  | { status: 'failed'; item: T; index: number; error: IonscopeError; durationMs: number }
  | { status: 'cancelled'; item: T; index: number };

export interface BatchProgressEvent {
  done: number;
  total: number;
  succeeded: number;
  failed: number;
  /** The item that just finished. */
  index: number;
  status: 'ok' | 'failed';
}

export interface BatchSummary<T, R> {
  outcomes: BatchItemOutcome<T, R>[];
  succeeded: number;
  failed: number;
  cancelled: number;
  durationMs: number;
  /** One line per failure: which input and why. */
  failures: { index: number; item: T; code: string; message: string }[];
}

export interface BatchOptions {
  /** Items in flight at once (worker threads in the app, promises here). Default 1. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (event: BatchProgressEvent) => void;
}

/**
 * Runs `task` over every item with bounded concurrency. A failing item is recorded and the batch
 * goes on (failure isolation); when the signal aborts, items not yet started are marked cancelled
 * and in-flight tasks receive the same signal. Never throws for an item's failure.
 */
export async function runBatch<T, R>(
  items: readonly T[],
  task: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  options: BatchOptions = {},
): Promise<BatchSummary<T, R>> {
  const started = Date.now();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const signal = options.signal ?? new AbortController().signal;
  const outcomes: BatchItemOutcome<T, R>[] = new Array(items.length);
  let next = 0;
  let succeeded = 0;
  let failed = 0;

  const lane = async () => {
    while (true) {
      const index = next++;
      if (index >= items.length) return;
      const item = items[index] as T;
      if (signal.aborted) {
        outcomes[index] = { status: 'cancelled', item, index };
        continue;
      }
      const t0 = Date.now();
      try {
        const value = await task(item, index, signal);
        outcomes[index] = { status: 'ok', item, index, value, durationMs: Date.now() - t0 };
        succeeded++;
      } catch (error) {
        if (signal.aborted) {
          outcomes[index] = { status: 'cancelled', item, index };
          continue;
        }
        outcomes[index] = { status: 'failed', item, index, error: toIonscopeError(error), durationMs: Date.now() - t0 };
        failed++;
      }
      options.onProgress?.({
        done: succeeded + failed,
        total: items.length,
        succeeded,
        failed,
        index,
        status: outcomes[index]?.status === 'ok' ? 'ok' : 'failed',
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  const cancelled = outcomes.filter((o) => o.status === 'cancelled').length;
  const failures = outcomes.flatMap((o) => (o.status === 'failed' ? [{ index: o.index, item: o.item, code: o.error.code, message: o.error.message }] : []));
  return { outcomes, succeeded, failed, cancelled, durationMs: Date.now() - started, failures };
}
