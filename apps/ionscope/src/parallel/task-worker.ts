/**
 * A thread of the task pool (`ionscope analyze`, and `ionscope run` workers with spare cores):
 * imports a plugin's worker module once per module and calls the named task. Errors go back as
 * data so that an IonscopeError keeps its code, file, line and field.
 */
import { PluginFailureError, taskErrorToData, unknownTask } from '@ionscope/core';
import type { TaskMessage, TaskReply } from './protocol';

const modules = new Map<string, Promise<Record<string, unknown>>>();

function load(url: string): Promise<Record<string, unknown>> {
  let module = modules.get(url);
  if (!module) {
    module = import(url).catch((error: unknown) => {
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
    if (typeof fn !== 'function')
      throw unknownTask(
        message.task,
        Object.keys(module).filter((k) => typeof module[k] === 'function'),
      );
    return { ok: true, value: await (fn as (input: unknown) => unknown)(message.input) };
  } catch (error) {
    return { ok: false, error: taskErrorToData(error) };
  }
}
