import { basename, join, resolve } from 'node:path';
import { ExitCode } from '../cli/errors';
import { printJson } from '../cli/log';
import { writeTracked } from '../output/result-folder';
import { collectReport } from '../report/collect';
import { renderReportHtml } from '../report/html';
import { timelineRows, timelineSpec } from '../report/timeline';
import { vegaLiteToSvg } from '../output/render-vega';
import type { CommonOptions } from './context';

export interface ReportOptions extends CommonOptions {
  title?: string;
}

/** Writes DIR/report.html from what `analyze --out`, `run` or `demo` left in DIR. Returns its path. */
export async function writeReport(dir: string, title?: string): Promise<{ path: string; results: number }> {
  const root = resolve(dir);
  const inputs = collectReport(root);
  const name = title ?? inputs.summary?.pipeline ?? (inputs.demo ? 'ionscope demo' : `ionscope report: ${basename(root)}`);
  const rows = timelineRows(inputs.results);
  const timeline = rows.length
    ? {
        dataUri: `data:image/svg+xml;base64,${Buffer.from(await vegaLiteToSvg(timelineSpec(rows))).toString('base64')}`,
        rows: rows.length,
        techniques: [...new Set(rows.map((r) => r.technique))],
      }
    : undefined;
  const html = renderReportHtml(inputs, name, timeline);
  writeTracked(root, 'report.html', html, 'text/html');
  return { path: join(root, 'report.html'), results: inputs.results.length + inputs.omitted };
}

/** `ionscope report DIR [--title T] [--json]`: one self-contained HTML file, DIR/report.html. */
export async function reportCommand(dir: string, options: ReportOptions): Promise<number> {
  const { path, results } = await writeReport(dir, options.title);
  if (options.json) printJson({ ok: true, report: path, results });
  else process.stdout.write(`${path} (${results} result${results === 1 ? '' : 's'})\n`);
  return ExitCode.Ok;
}
