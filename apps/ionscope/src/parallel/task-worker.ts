/**
 * A thread of the task pool (`ionscope analyze`, and `ionscope run` workers with spare cores):
 * imports a plugin's worker module once per module and calls the named task. Errors go back as
 * data so that an IonscopeError keeps its code, file, line and field. Core is imported only when
 * a task fails: a thread that only runs tasks then costs its worker module, not core (≈ 35 MiB).
 */
import type { TaskMessage, TaskReply } from './protocol';

const modules = new Map<string, Promise<Record<string, unknown>>>();

async function load(url: string): Promise<Record<string, unknown>> {
  let module = modules.get(url);
  if (!module) {
    module = import(url).catch(async (error: unknown) => {
      const { PluginFailureError } = await import('@ionscope/core');
      throw new PluginFailureError(`cannot load the worker module: ${error instanceof Error ? error.message : String(error)}`, { file: url, cause: error });
    });
    modules.set(url, module);
  }
  return module;
}

export default async function runTask(message: TaskMessage): Promise<TaskReply> {
  try {
    const module = await load(message.module);
    const fn = module[message.task];
    if (typeof fn !== 'function') {
      const { unknownTask } = await import('@ionscope/core');
      throw unknownTask(
        message.task,
        Object.keys(module).filter((k) => typeof module[k] === 'function'),
      );
    }
    return { ok: true, value: await (fn as (input: unknown) => unknown)(message.input) };
  } catch (error) {
    const { taskErrorToData } = await import('@ionscope/core');
    return { ok: false, error: taskErrorToData(error) };
  }
}
