import type { Logger } from '@ionscope/core';
import { keepStdoutForJson, stderrLogger } from '../cli/log';
import { type LoadedRegistry, loadRegistry } from '../discovery/load';

/** Options every command understands. */
export interface CommonOptions {
  json?: boolean;
  verbose?: boolean;
}

export interface CommandContext extends LoadedRegistry {
  logger: Logger;
  json: boolean;
}

/** Loads the installed plugins for a command and warns (on stderr) about those that failed. */
export async function openContext(options: CommonOptions, cwd = process.cwd()): Promise<CommandContext> {
  const json = Boolean(options.json);
  if (json) keepStdoutForJson();
  const logger = stderrLogger(Boolean(options.verbose));
  const loaded = await loadRegistry({ cwd });
  for (const problem of loaded.problems) logger.warn(`plugin ${problem.source} was not loaded: ${problem.message}`);
  logger.debug(`plugins: ${loaded.plugins.map((p) => `${p.id}@${p.version} (${p.source})`).join(', ') || 'none'}`);
  return { ...loaded, logger, json };
}
