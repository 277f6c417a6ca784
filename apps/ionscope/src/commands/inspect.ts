import { readSource, readSources } from '@ionscope/core';
import { ExitCode } from '../cli/errors';
import { printJson } from '../cli/log';
import { readInput } from '../io/sources';
import { formatSummary, summarizeDataset } from '../output/describe';
import { type CommonOptions, openContext } from './context';

export interface InspectOptions extends CommonOptions {
  reader?: string;
}

/**
 * `ionscope inspect FILE [--json] [--reader ID]`: which reader reads the file and why (every
 * candidate's confidence), then the dataset: kind, shape, axes with ranges and units, metadata.
 * A folder is read as one dataset with the reader's readMany.
 */
export async function inspectCommand(file: string, options: InspectOptions): Promise<number> {
  const ctx = await openContext(options);
  const input = readInput(file);
  const read = Array.isArray(input) ? readSources : readSource;
  const { dataset, choice } = await read(ctx.registry, input as never, { readerId: options.reader, logger: ctx.logger });
  const reader = {
    id: choice.reader.id,
    name: choice.reader.name,
    plugin: choice.plugin.id,
    pluginVersion: choice.plugin.version,
    confidence: choice.confidence,
  };
  const summary = summarizeDataset(dataset);
  if (ctx.json) {
    printJson({ ok: true, file, reader, explanation: choice.explanation, candidates: choice.candidates, ...summary });
    return ExitCode.Ok;
  }
  const lines = [
    `file:   ${file}${Array.isArray(input) ? ` (${input.length} files read together)` : ''}`,
    `reader: ${reader.id} (${reader.name}, plugin ${reader.plugin} ${reader.pluginVersion})`,
  ];
  lines.push(`why:    ${choice.explanation}`);
  if (choice.candidates.length > 1) lines.push(`        candidates: ${choice.candidates.map((c) => `${c.reader} ${c.confidence.toFixed(2)}`).join(', ')}`);
  lines.push(...formatSummary(summary));
  process.stdout.write(`${lines.join('\n')}\n`);
  return ExitCode.Ok;
}
