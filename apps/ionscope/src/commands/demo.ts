import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Dataset, runSample, toIonscopeError } from '@ionscope/core';
import { ExitCode } from '../cli/errors';
import { printJson } from '../cli/log';
import { readInput, sourceBytes } from '../io/sources';
import { crateSoftware, crateTechniques, inputFile, outputFiles, writeCrate } from '../output/crate';
import { fileSafe, renderViews, sha256, writeResultFolder, writeTracked } from '../output/result-folder';
import type { RoCrateAction, RoCrateFile } from '@ionscope/core';
import type { LoadedPlugin } from '../discovery/load';
import { createThreadHost, type ThreadHost, threadCount } from '../parallel/thread-host';
import { type CommandContext, type CommonOptions, openContext } from './context';
import { writeReport } from './report';

export interface DemoOptions extends CommonOptions {
  out?: string;
  threads?: string;
}

/** One sample × analysis the demo ran, as listed in demo.json and the report. */
export interface DemoEntry {
  plugin: string;
  pluginVersion: string;
  sample: string;
  title: string;
  license: string;
  source?: string;
  analysis: string;
  folder: string;
  ok: boolean;
  error?: string;
  durationMs: number;
}

/**
 * `ionscope demo [--out DIR]` (= `npm run demo`): every installed plugin's sample data through the
 * analyses the plugin lists for it, with their views, then DIR/report.html. Sample paths are
 * relative to the plugin's package root (known from discovery). Without sample data it says so
 * and exits 0; a sample that fails is reported and the exit code is 2.
 */
export async function demoCommand(options: DemoOptions): Promise<number> {
  const ctx = await openContext(options);
  const outDir = resolve(options.out ?? 'ionscope-out');
  const withSamples = ctx.plugins.filter((p) => (ctx.registry.plugin(p.id).sampleData ?? []).length > 0 && p.root);
  if (withSamples.length === 0) {
    const installed = ctx.plugins.map((p) => `${p.id} ${p.version}`).join(', ') || 'none';
    const message = `No installed plugin ships sample data yet (installed plugins: ${installed}). The demo will show each technique once its plugin adds sampleData; nothing was written.`;
    if (ctx.json) printJson({ ok: true, samples: [], message });
    else process.stdout.write(`${message}\n`);
    return ExitCode.Ok;
  }

  // plugins with a worker module run their heavy tasks on one thread per core, as in `analyze`
  const threads = threadCount(options.threads);
  const host = threads > 1 ? createThreadHost(ctx.plugins, { size: threads, logger: ctx.logger }) : undefined;
  try {
    return await runSamples(ctx, withSamples, outDir, host);
  } finally {
    await host?.destroy();
  }
}

async function runSamples(ctx: CommandContext, withSamples: LoadedPlugin[], outDir: string, host: ThreadHost | undefined): Promise<number> {
  const entries: DemoEntry[] = [];
  const crateFiles: RoCrateFile[] = [];
  const actions: RoCrateAction[] = [];
  const results: Dataset[] = [];
  for (const loaded of withSamples) {
    const plugin = ctx.registry.plugin(loaded.id);
    for (const sample of plugin.sampleData ?? []) {
      // sample paths are relative to the plugin's package root; Node hashes faster than Web Crypto
      const load = (relPath: string) => {
        const input = readInput(join(loaded.root as string, relPath));
        return (Array.isArray(input) ? input : [input]).map((s) => ({ ...s, sha256: s.sha256 ?? sha256(s.bytes) }));
      };
      // the files each analysis wrote, for the crate inputs of the ones chained `after` it
      const outputsOf = new Map<string, RoCrateFile[]>();
      for await (const outcome of runSample(ctx.registry, sample, { load, logger: ctx.logger, ...(host ? { parallel: host } : {}) })) {
        const { step } = outcome;
        const folder = join(outDir, fileSafe(plugin.id), fileSafe(sample.id), fileSafe(step.analysis));
        const entry: DemoEntry = {
          plugin: plugin.id,
          pluginVersion: plugin.version,
          sample: sample.id,
          title: sample.title,
          license: sample.license,
          ...(sample.source ? { source: sample.source } : {}),
          analysis: step.analysis,
          folder: folder
            .slice(outDir.length + 1)
            .split('\\')
            .join('/'),
          ok: false,
          durationMs: outcome.durationMs,
        };
        try {
          if (!outcome.ok || !outcome.result || !outcome.analysis) throw outcome.error;
          const { result, analysis } = outcome;
          const used = [
            ...(step.after !== undefined ? (outputsOf.get(step.after) ?? []) : []),
            ...outcome.sources.map((s) => inputFile(outDir, resolve(s.name), s.sha256 as string, sourceBytes(s))),
          ];
          const views = await renderViews(ctx.registry, step.views ?? analysis.views ?? [], result, ctx.logger);
          rmSync(folder, { recursive: true, force: true });
          const written = outputFiles(outDir, folder, await writeResultFolder(folder, result, views, ctx.logger));
          for (const f of used) if (!crateFiles.some((c) => c.path === f.path)) crateFiles.push(f);
          crateFiles.push(...written);
          outputsOf.set(analysis.id, written);
          actions.push({
            name: `${analysis.name}: ${sample.title}`,
            analysis: analysis.id,
            plugin: plugin.id,
            pluginVersion: plugin.version,
            params: result.provenance.at(-1)?.params ?? step.params ?? {},
            inputs: used.map((f) => f.path),
            outputs: written.map((f) => f.path),
            startTime: outcome.startedAt.toISOString(),
            endTime: new Date().toISOString(),
          });
          results.push(result);
          entry.ok = true;
        } catch (error) {
          entry.error = toIonscopeError(error).message;
        }
        entry.durationMs = Date.now() - outcome.startedAt.getTime(); // the views and files included
        entries.push(entry);
        process.stderr.write(
          `ionscope: demo: ${plugin.id}/${sample.id} → ${step.analysis}: ${entry.ok ? 'ok' : `FAILED: ${entry.error}`} (${entry.durationMs} ms)\n`,
        );
      }
    }
  }

  const demoFile = writeTracked(outDir, 'demo.json', JSON.stringify({ samples: entries }, null, 2), 'application/json');
  writeCrate(outDir, {
    name: 'ionscope demo',
    description: 'Sample data of every installed ionscope plugin through its main analyses',
    datePublished: new Date().toISOString(),
    files: [...crateFiles, { ...demoFile, role: 'output' }],
    software: crateSoftware(
      ctx.registry,
      withSamples.map((p) => p.id),
    ),
    actions,
    techniques: crateTechniques(results),
  });
  const report = await writeReport(outDir, 'ionscope demo');
  const failed = entries.filter((e) => !e.ok);
  if (ctx.json) printJson({ ok: failed.length === 0, report: report.path, samples: entries });
  else {
    process.stdout.write(`${entries.length - failed.length} of ${entries.length} sample analyses succeeded; report: ${report.path}\n`);
    for (const f of failed) process.stdout.write(`  failed: ${f.plugin}/${f.sample} → ${f.analysis}: ${f.error}\n`);
  }
  return failed.length ? ExitCode.Partial : ExitCode.Ok;
}
