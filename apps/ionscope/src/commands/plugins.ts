import { API_VERSION, CORE_VERSION, describeRegistry } from '@ionscope/core';
import { ExitCode } from '../cli/errors';
import { printJson } from '../cli/log';
import { type CommonOptions, openContext } from './context';

/**
 * `ionscope plugins [--json]`: the installed plugins with their readers, analyses (parameters as
 * JSON Schema with --json), views, writers and sample data, plus any plugin that failed to load.
 */
export async function pluginsCommand(options: CommonOptions): Promise<number> {
  const ctx = await openContext(options);
  const described = describeRegistry(ctx.registry).map((p) => {
    const loaded = ctx.plugins.find((l) => l.id === p.id);
    return { ...p, ...(loaded?.root ? { root: loaded.root } : {}), ...(loaded ? { via: loaded.via } : {}) };
  });
  if (ctx.json) {
    printJson({ ok: true, core: { version: CORE_VERSION, apiVersion: API_VERSION }, plugins: described, problems: ctx.problems });
    return ExitCode.Ok;
  }
  const out: string[] = [`ionscope core ${CORE_VERSION} (plugin API ${API_VERSION})`];
  if (described.length === 0) out.push('', 'No plugins are installed. Install one next to the CLI, e.g. `npm install @ionscope/impedance`.');
  for (const p of described) {
    out.push('', `${p.id} ${p.version}: ${p.name}${p.source ? `  [${p.source}]` : ''}`);
    if (p.description) out.push(`  ${p.description}`);
    for (const r of p.readers) out.push(`  reader   ${r.id}: ${r.name} (${r.extensions.join(', ') || 'any extension'}) → ${r.kinds.join(', ')}`);
    for (const a of p.analyses) {
      const props = Object.keys((a.params as { properties?: Record<string, unknown> }).properties ?? {});
      out.push(
        `  analysis ${a.id}: ${a.name} (${Object.values(a.inputs)[0]?.accepts.join(', ')} → ${a.produces})${props.length ? ` params: ${props.join(', ')}` : ''}`,
      );
    }
    for (const v of p.views) out.push(`  view     ${v.id}: ${v.name} (${v.accepts.join(', ')})`);
    for (const w of p.writers) out.push(`  writer   ${w.id}: ${w.name} (${w.extension})`);
    for (const s of p.sampleData) out.push(`  sample   ${s.id}: ${s.title}`);
  }
  for (const problem of ctx.problems) out.push('', `not loaded: ${problem.source}: ${problem.message}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return ExitCode.Ok;
}
