import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type Dataset, datasetFromJson } from '@ionscope/core';
import { fileError } from '../cli/errors';
import { ResultFiles, type ViewFileEntry } from '../output/result-folder';

/** One result folder found under the report's root. */
export interface ReportResult {
  /** Folder relative to the root (`inputs/data/a.mpt`, or `.`). */
  folder: string;
  dataset?: Dataset;
  /** Why result.json could not be read. */
  error?: string;
  views: (ViewFileEntry & { dataUri: string })[];
}

/** What a run or demo left in the folder besides result folders. */
export interface ReportInputs {
  root: string;
  results: ReportResult[];
  /** Result folders beyond the detail limit (still in the combined table). */
  omitted: number;
  summary?: Record<string, any>;
  demo?: Record<string, any>;
  table?: { header: string[]; rows: string[][]; totalRows: number };
  crate?: Record<string, any>;
}

/** At most this many results are shown in detail (a 10,000-input batch lives in its table). */
export const DETAIL_LIMIT = 200;
/** At most this many rows of results.csv are copied into the report. */
export const TABLE_LIMIT = 2000;

/** Every folder under `root` holding a result.json, in natural order (skips node_modules and dot folders). */
export function findResultFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    if (entries.includes(ResultFiles.json)) out.push(dir);
    for (const entry of entries) {
      if (entry.startsWith('.') || entry === 'node_modules') continue;
      const path = join(dir, entry);
      try {
        if (statSync(path).isDirectory()) walk(path);
      } catch {
        // vanished or unreadable: skip
      }
    }
  };
  walk(root);
  const collator = new Intl.Collator('en', { numeric: true });
  return out.sort(collator.compare);
}

function readJson(path: string): any {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Splits a CSV line (RFC 4180 quotes). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Reads everything the report shows from an output folder. */
export function collectReport(root: string): ReportInputs {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw fileError(Object.assign(new Error('not a folder'), { code: 'ENOENT' }), root);
  const folders = findResultFolders(root);
  const results: ReportResult[] = folders.slice(0, DETAIL_LIMIT).map((dir) => {
    const folder = relative(root, dir).split(sep).join('/') || '.';
    let dataset: Dataset | undefined;
    let error: string | undefined;
    try {
      dataset = datasetFromJson(JSON.parse(readFileSync(join(dir, ResultFiles.json), 'utf8')), join(folder, ResultFiles.json));
    } catch (e) {
      error = (e as Error).message;
    }
    const entries: ViewFileEntry[] = readJson(join(dir, ResultFiles.views)) ?? [];
    const views = entries.flatMap((v) => {
      try {
        const bytes = readFileSync(join(dir, v.file));
        return [{ ...v, dataUri: `data:${v.mediaType};base64,${bytes.toString('base64')}` }];
      } catch {
        return [];
      }
    });
    return { folder, ...(dataset ? { dataset } : {}), ...(error ? { error } : {}), views };
  });
  let table: ReportInputs['table'];
  const csvPath = join(root, 'results.csv');
  if (existsSync(csvPath)) {
    const lines = readFileSync(csvPath, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0);
    const [head, ...rest] = lines;
    if (head) table = { header: splitCsvLine(head), rows: rest.slice(0, TABLE_LIMIT).map(splitCsvLine), totalRows: rest.length };
  }
  return {
    root,
    results,
    omitted: Math.max(0, folders.length - DETAIL_LIMIT),
    summary: readJson(join(root, 'summary.json')),
    demo: readJson(join(root, 'demo.json')),
    table,
    crate: readJson(join(root, ResultFiles.crate)),
  };
}
