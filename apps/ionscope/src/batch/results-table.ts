import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileError } from '../cli/errors';
import { sha256, type WrittenFile, writeTracked } from '../output/result-folder';
import type { Cell } from './flatten';
import type { BatchInput } from './pipeline-file';
import type { ItemOutcome } from './protocol';

export const TableFiles = { csv: 'results.csv', jsonl: 'results.jsonl' } as const;

interface Row {
  name: string;
  ok: boolean;
  cells: Record<string, Cell>;
  error?: string;
}

/**
 * The combined table of every input's scalar results. `results.jsonl` is streamed as outcomes
 * arrive (one JSON object per input, failures included); `results.csv` is written at the end in
 * input order with the union of all columns, units in the headers (`slope (V/s)`).
 */
export class ResultsTable {
  private readonly jsonl: WriteStream;
  private readonly rows = new Map<number, Row>();
  private readonly columns = new Map<string, string | undefined>();

  constructor(private readonly dir: string) {
    this.jsonl = createWriteStream(join(dir, TableFiles.jsonl));
    this.jsonl.on('error', () => {}); // surfaced by close()
  }

  add(input: BatchInput, outcome: ItemOutcome): void {
    if (outcome.ok) {
      for (const key of Object.keys(outcome.cells))
        if (!this.columns.has(key) || this.columns.get(key) === undefined) this.columns.set(key, outcome.units[key]);
      this.rows.set(input.index, { name: input.name, ok: true, cells: outcome.cells });
      this.jsonl.write(
        `${JSON.stringify({ file: input.name, ok: true, reader: outcome.reader, values: outcome.cells, units: outcome.units, ...(outcome.warnings ? { warnings: outcome.warnings } : {}) })}\n`,
      );
    } else {
      this.rows.set(input.index, { name: input.name, ok: false, cells: {}, error: outcome.error.message });
      this.jsonl.write(`${JSON.stringify({ file: input.name, ok: false, error: outcome.error })}\n`);
    }
  }

  /** Closes the JSONL stream and writes the CSV; returns both files for the RO-Crate. */
  async close(): Promise<WrittenFile[]> {
    await new Promise<void>((resolve, reject) => {
      this.jsonl.once('error', reject);
      this.jsonl.end(resolve);
    }).catch((error) => {
      throw fileError(error, join(this.dir, TableFiles.jsonl), 'cannot write');
    });
    const jsonlBytes = readFileSync(join(this.dir, TableFiles.jsonl));
    const jsonl: WrittenFile = {
      path: TableFiles.jsonl,
      sha256: sha256(jsonlBytes),
      encodingFormat: 'application/x-ndjson',
      contentSize: jsonlBytes.byteLength,
    };
    const names = [...this.columns.keys()];
    const header = ['file', 'status', ...names.map((n) => (this.columns.get(n) ? `${n} (${this.columns.get(n)})` : n)), 'error'];
    const lines = [header.map(csvCell).join(',')];
    for (const index of [...this.rows.keys()].sort((a, b) => a - b)) {
      const row = this.rows.get(index) as Row;
      lines.push(
        [
          row.name,
          row.ok ? 'ok' : 'failed',
          ...names.map((n) => (row.cells[n] === undefined || row.cells[n] === null ? '' : String(row.cells[n]))),
          row.error ?? '',
        ]
          .map(csvCell)
          .join(','),
      );
    }
    const csv = writeTracked(this.dir, TableFiles.csv, `${lines.join('\n')}\n`, 'text/csv');
    return [csv, jsonl];
  }
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
