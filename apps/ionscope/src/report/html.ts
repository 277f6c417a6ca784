import { CORE_VERSION, type Dataset, type JsonValue } from '@ionscope/core';
import { CLI_VERSION, lastAnalysisStep } from '../output/crate';
import { formatNumber, isQuantity, summarizeDataset } from '../output/describe';
import type { ReportInputs, ReportResult } from './collect';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6678; --line: #d9dee7; --accent: #2f5d9e; --bad: #b42318; --ok: #067647; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
header { margin-bottom: 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted { color: var(--muted); }
section.result { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px; margin: 16px 0; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { max-width: 60ch; overflow-wrap: anywhere; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f3f5f8; padding: 8px; border-radius: 6px; overflow-x: auto; max-height: 320px; }
figure { display: inline-block; margin: 8px 16px 8px 0; vertical-align: top; }
figure img { max-width: 100%; border: 1px solid var(--line); background: #fff; }
figure img.raster { image-rendering: pixelated; min-width: 240px; }
figcaption { font-size: 12px; color: var(--muted); }
.bad { color: var(--bad); font-weight: 600; }
.ok { color: var(--ok); font-weight: 600; }
nav ol { columns: 2; font-size: 13px; }
details > summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
.scroll { overflow-x: auto; }
`;

function fmt(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (isQuantity(value)) {
    const q = value as { value: number; stderr?: number; unit?: string };
    return `${formatNumber(q.value)}${typeof q.stderr === 'number' ? ` ± ${formatNumber(q.stderr)}` : ''}${q.unit ? ` ${q.unit}` : ''}`;
  }
  if (Array.isArray(value))
    return value.length <= 8 && value.every((v) => typeof v !== 'object') ? value.map((v) => fmt(v)).join(', ') : `[${value.length} items]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

interface ValueRow {
  name: string;
  value: string;
  stderr: string;
  unit: string;
}

/** True for the output of formatNumber (digits, sign, exponent, ∞, NaN). */
function isNumberText(text: string): boolean {
  return /^[-+]?(?:[\d.]+(?:e[-+]?\d+)?|Infinity|NaN)$/i.test(text.trim());
}

/** Splits `values` into a parameter table (name, value, ± stderr, unit) and record tables (peak lists). */
function splitValues(
  values: Record<string, JsonValue>,
  prefix = '',
  rows: ValueRow[] = [],
  tables: { name: string; records: Record<string, JsonValue>[] }[] = [],
) {
  for (const [key, value] of Object.entries(values)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isQuantity(value)) {
      const q = value as { value: number; stderr?: number; unit?: string };
      rows.push({ name, value: formatNumber(q.value), stderr: typeof q.stderr === 'number' ? formatNumber(q.stderr) : '', unit: q.unit ?? '' });
    } else if (Array.isArray(value) && value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
      tables.push({ name, records: value as Record<string, JsonValue>[] });
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      splitValues(value as Record<string, JsonValue>, name, rows, tables);
    } else {
      rows.push({ name, value: fmt(value), stderr: '', unit: '' });
    }
  }
  return { rows, tables };
}

function valuesHtml(ds: Dataset): string {
  const { rows, tables } = splitValues(ds.values ?? {});
  let html = '';
  if (rows.length) {
    html += '<h3>Results</h3><table><thead><tr><th>parameter</th><th>value</th><th>± std. error</th><th>unit</th></tr></thead><tbody>';
    // Text values (a method description, a selection rule) wrap, left-aligned: right-aligned in a
    // column stretched by a long sentence, the numbers would sit off-screen.
    for (const r of rows)
      html += `<tr><td>${escapeHtml(r.name)}</td><td class="${isNumberText(r.value) ? 'num' : 'text'}">${escapeHtml(r.value)}</td><td class="num">${escapeHtml(r.stderr)}</td><td>${escapeHtml(r.unit)}</td></tr>`;
    html += '</tbody></table>';
  }
  for (const t of tables) {
    const columns = [...new Set(t.records.flatMap((r) => Object.keys(r)))];
    html += `<h3>${escapeHtml(t.name)} (${t.records.length})</h3><div class="scroll"><table><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>`;
    for (const r of t.records.slice(0, 200)) html += `<tr>${columns.map((c) => `<td class="num">${escapeHtml(fmt(r[c]))}</td>`).join('')}</tr>`;
    html += `</tbody></table></div>${t.records.length > 200 ? `<p class="muted">first 200 of ${t.records.length} rows; all are in result.json</p>` : ''}`;
  }
  return html;
}

function dataHtml(ds: Dataset): string {
  const s = summarizeDataset(ds);
  let html = '<h3>Data</h3><table><thead><tr><th>name</th><th>dims</th><th>unit</th><th>range</th></tr></thead><tbody>';
  for (const [name, v] of Object.entries(s.data)) {
    const range = v.range[0] === null ? '' : `${formatNumber(v.range[0])} … ${formatNumber(v.range[1] as number)}`;
    html += `<tr><td>${escapeHtml(name)}${v.variances ? ' (± σ)' : ''}</td><td>${escapeHtml(v.dims.map((d, i) => `${d}=${v.shape[i]}`).join(', '))}</td><td>${escapeHtml(v.unit)}</td><td class="num">${escapeHtml(range)}</td></tr>`;
  }
  for (const [name, c] of Object.entries(s.coords)) {
    const range = c.range[0] === null ? '' : `${formatNumber(c.range[0])} … ${formatNumber(c.range[1] as number)}`;
    html += `<tr><td>${escapeHtml(name)} <span class="muted">(axis)</span></td><td>${escapeHtml(`${c.dim}=${c.length}`)}</td><td>${escapeHtml(c.unit)}</td><td class="num">${escapeHtml(range)}</td></tr>`;
  }
  return `${html}</tbody></table>`;
}

function metaHtml(ds: Dataset): string {
  const { extra, ...meta } = ds.meta;
  const rows = Object.entries(meta).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${metaValue(v as JsonValue)}</td></tr>`);
  let html = rows.length ? `<h3>Metadata</h3><table><tbody>${rows.join('')}</tbody></table>` : '';
  if (extra && Object.keys(extra).length)
    html += `<details><summary>instrument header fields (${Object.keys(extra).length})</summary><pre>${escapeHtml(JSON.stringify(extra, null, 2))}</pre></details>`;
  return html;
}

function metaValue(v: JsonValue): string {
  if (v && typeof v === 'object' && !Array.isArray(v) && !isQuantity(v)) {
    return Object.entries(v)
      .map(
        ([k, x]) =>
          `<div><span class="muted">${escapeHtml(k)}:</span> ${x && typeof x === 'object' && !isQuantity(x) ? `<code>${escapeHtml(JSON.stringify(x))}</code>` : escapeHtml(fmt(x))}</div>`,
      )
      .join('');
  }
  return escapeHtml(fmt(v));
}

function provenanceHtml(ds: Dataset): string {
  if (!ds.provenance.length) return '';
  let html =
    '<h3>Provenance</h3><div class="scroll"><table><thead><tr><th>#</th><th>step</th><th>plugin</th><th>inputs (sha256)</th><th>parameters</th><th>started</th><th>ms</th></tr></thead><tbody>';
  ds.provenance.forEach((p, i) => {
    const inputs = p.inputs.map((x) => `${x.fileName ?? x.name}${x.sha256 ? ` <code>${x.sha256.slice(0, 12)}…</code>` : ''}`).join('<br>');
    const warnings = p.warnings?.length ? `<div class="bad">${p.warnings.map(escapeHtml).join('<br>')}</div>` : '';
    html += `<tr><td>${i + 1}</td><td>${escapeHtml(p.type)} <code>${escapeHtml(p.operation)}</code>${warnings}</td><td>${escapeHtml(`${p.plugin} ${p.pluginVersion}`)}<br><span class="muted">core ${escapeHtml(p.coreVersion)}</span></td><td>${inputs.replace(/<(?!\/?(br|code)>)/g, '&lt;')}</td><td>${p.params === undefined ? '' : `<code>${escapeHtml(JSON.stringify(p.params))}</code>`}</td><td>${escapeHtml(p.startedAt)}</td><td class="num">${escapeHtml(p.durationMs)}</td></tr>`;
  });
  return `${html}</tbody></table></div>`;
}

function resultTitle(r: ReportResult): string {
  const ds = r.dataset;
  if (!ds) return r.folder;
  const step = lastAnalysisStep(ds);
  const file = ds.meta.source?.fileName;
  return `${step?.operation ?? ds.kind}${file ? ` — ${file}` : ''}`;
}

function resultHtml(r: ReportResult, index: number): string {
  let html = `<section class="result" id="r${index + 1}"><h2>${escapeHtml(resultTitle(r))}</h2><p class="muted">folder <code>${escapeHtml(r.folder)}</code>${r.dataset ? ` · kind <code>${escapeHtml(r.dataset.kind)}</code>` : ''}${r.dataset?.meta.title ? ` · ${escapeHtml(r.dataset.meta.title)}` : ''}</p>`;
  if (r.error) return `${html}<p class="bad">result.json could not be read: ${escapeHtml(r.error)}</p></section>`;
  const ds = r.dataset as Dataset;
  for (const v of r.views) {
    const raster = v.mediaType === 'image/png' ? ' class="raster"' : '';
    html += `<figure><img${raster} src="${escapeHtml(v.dataUri)}" alt="${escapeHtml(v.alt ?? v.title ?? v.id)}"><figcaption>${escapeHtml(v.title ?? v.id)} <span class="muted">(${escapeHtml(v.id)})</span></figcaption></figure>`;
  }
  html += valuesHtml(ds) + dataHtml(ds) + metaHtml(ds) + provenanceHtml(ds);
  return `${html}</section>`;
}

function summaryHtml(summary: Record<string, any>): string {
  let html = `<h2>Batch summary</h2><p>${escapeHtml(summary.pipeline ?? '')}: ${escapeHtml(summary.total)} inputs, <span class="ok">${escapeHtml(summary.succeeded)} succeeded</span>, <span class="${summary.failed ? 'bad' : 'muted'}">${escapeHtml(summary.failed)} failed</span>${summary.cancelled ? `, ${escapeHtml(summary.cancelled)} cancelled` : ''} in ${escapeHtml(((summary.durationMs ?? 0) / 1000).toFixed(1))} s on ${escapeHtml(summary.workers)} workers (${escapeHtml(summary.filesPerSecond)} files/s).</p>`;
  const failures: { file: string; code: string; message: string }[] = summary.failures ?? [];
  if (failures.length) {
    html += '<table><thead><tr><th>file</th><th>code</th><th>why</th></tr></thead><tbody>';
    for (const f of failures.slice(0, 500))
      html += `<tr><td>${escapeHtml(f.file)}</td><td><code>${escapeHtml(f.code)}</code></td><td>${escapeHtml(f.message)}</td></tr>`;
    html += '</tbody></table>';
  }
  return html;
}

function demoHtml(demo: Record<string, any>): string {
  const samples: any[] = demo.samples ?? [];
  let html =
    '<h2>Sample data</h2><table><thead><tr><th>plugin</th><th>sample</th><th>analysis</th><th>status</th><th>licence / source</th></tr></thead><tbody>';
  for (const s of samples) {
    const status = s.ok ? '<span class="ok">ok</span>' : `<span class="bad">failed</span> ${escapeHtml(s.error ?? '')}`;
    html += `<tr><td>${escapeHtml(`${s.plugin} ${s.pluginVersion ?? ''}`)}</td><td>${escapeHtml(s.title ?? s.sample)}</td><td><code>${escapeHtml(s.analysis)}</code></td><td>${status}</td><td>${escapeHtml(s.license ?? '')}${s.source ? `<br><span class="muted">${escapeHtml(s.source)}</span>` : ''}</td></tr>`;
  }
  return `${html}</tbody></table>`;
}

function tableHtml(table: NonNullable<ReportInputs['table']>): string {
  let html = `<h2>Combined results (${table.totalRows} inputs)</h2><div class="scroll"><table><thead><tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>`;
  for (const row of table.rows)
    html += `<tr>${row.map((c, i) => `<td${i > 1 ? ' class="num"' : ''}>${escapeHtml(/^-?\d/.test(c) && Number.isFinite(Number(c)) ? formatNumber(Number(c)) : c)}</td>`).join('')}</tr>`;
  html += '</tbody></table></div>';
  if (table.totalRows > table.rows.length) html += `<p class="muted">first ${table.rows.length} of ${table.totalRows} rows; all are in results.csv</p>`;
  return html;
}

/** The operando timeline, rendered (see report/timeline.ts). */
export interface ReportTimeline {
  dataUri: string;
  rows: number;
  techniques: string[];
}

function timelineHtml(t: ReportTimeline): string {
  return `<h2>Operando timeline</h2><p class="muted">${t.rows} quantit${t.rows === 1 ? 'y' : 'ies'} from ${escapeHtml(t.techniques.join(', '))}, on one absolute clock (each result's start time plus its time axis; ± 1σ bars where the result has them).</p><figure><img src="${escapeHtml(t.dataUri)}" alt="operando timeline"></figure>`;
}

function softwareHtml(crate: Record<string, any> | undefined): string {
  const software = ((crate?.['@graph'] as any[]) ?? []).filter((e) => e['@type'] === 'SoftwareApplication');
  if (!software.length) return '';
  return `<p class="muted">Software: ${software.map((s) => escapeHtml(`${s.name} ${s.version ?? s.softwareVersion ?? ''}`.trim())).join(', ')} · FAIR metadata in <code>ro-crate-metadata.json</code></p>`;
}

/**
 * One self-contained HTML page: plots are embedded as data URIs (SVG/PNG), styles are inline, and
 * nothing is fetched, so the file opens offline and can be mailed as it is.
 */
export function renderReportHtml(inputs: ReportInputs, title: string, timeline?: ReportTimeline): string {
  const results = inputs.results;
  let body = `<header><h1>${escapeHtml(title)}</h1><p class="muted">ionscope ${escapeHtml(CLI_VERSION)} (core ${escapeHtml(CORE_VERSION)}) · generated ${escapeHtml(new Date().toISOString())} · ${results.length + inputs.omitted} result${results.length + inputs.omitted === 1 ? '' : 's'}</p>${softwareHtml(inputs.crate)}</header>`;
  if (inputs.summary) body += summaryHtml(inputs.summary);
  if (inputs.demo) body += demoHtml(inputs.demo);
  if (inputs.table) body += tableHtml(inputs.table);
  if (timeline) body += timelineHtml(timeline);
  if (results.length > 1)
    body += `<nav><h2>Contents</h2><ol>${results.map((r, i) => `<li><a href="#r${i + 1}">${escapeHtml(resultTitle(r))}</a></li>`).join('')}</ol></nav>`;
  if (results.length === 0) body += '<p>No result folders (result.json) were found here.</p>';
  body += results.map(resultHtml).join('\n');
  if (inputs.omitted) body += `<p class="muted">${inputs.omitted} more result folders are not shown in detail; the combined table above lists them all.</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}
