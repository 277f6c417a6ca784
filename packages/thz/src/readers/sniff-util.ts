/** Cheap content checks for sniffers (they see at most the first 64 KiB and must not throw). */
import { headText, looksLikeText } from '@ionscope/core';

export function extensionOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

export interface HeadRows {
  text: string;
  /** Numeric rows (split on tab/comma/semicolon/space) from the head, excluding a possibly cut last line. */
  rows: number[][];
  /** Non-numeric, non-empty lines before the first numeric row. */
  header: string[];
  firstLine: string;
}

const NUM = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eEdD][+-]?\d+)?$/;

/** Splits the head into numeric rows (at most `maxRows`). */
export function headRows(head: Uint8Array, maxRows = 4000): HeadRows | undefined {
  if (!looksLikeText(head)) return undefined;
  const text = headText(head, 65536);
  const lines = text.split(/\r\n|\n|\r/);
  if (head.length >= 65536) lines.pop();
  const rows: number[][] = [];
  const header: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const cells = trimmed.split(/[\t,;]+|\s+/).filter((c) => c !== '');
    if (cells.length && cells.every((c) => NUM.test(c))) {
      rows.push(cells.map((c) => Number(c.replace(/[dD]/, 'e'))));
      if (rows.length >= maxRows) break;
    } else if (rows.length === 0) header.push(trimmed);
  }
  return { text, rows, header, firstLine: lines[0] ?? '' };
}

/**
 * How much the rows look like a THz time trace: a strictly monotonic, evenly stepped first column
 * and a second column with one dominant bipolar pulse above a quiet baseline. Returns 0..1.
 */
export function traceLikeness(rows: number[][]): number {
  if (rows.length < 16) return 0;
  const width = rows[0]?.length ?? 0;
  if (width < 2) return 0;
  const t = rows.map((r) => r[0] as number);
  const step = ((t[t.length - 1] as number) - (t[0] as number)) / (t.length - 1);
  if (!(Math.abs(step) > 0)) return 0;
  for (let i = 1; i < t.length; i++) {
    const d = (t[i] as number) - (t[i - 1] as number);
    if (!(d * step > 0) || Math.abs(d - step) > 0.05 * Math.abs(step)) return 0.1;
  }
  // Remove the DC offset of the first rows (lock-in offsets make quiet baselines one-signed).
  const lead = Math.min(20, rows.length);
  let offset = 0;
  for (let i = 0; i < lead; i++) offset += (rows[i]?.[1] as number) / lead;
  const y = rows.map((r) => (r[1] as number) - offset);
  let max = 0;
  let pos = false;
  let neg = false;
  for (const v of y) {
    max = Math.max(max, Math.abs(v));
    if (v > 0) pos = true;
    if (v < 0) neg = true;
  }
  if (!(pos && neg) || max === 0) return 0.2;
  const sorted = y.map(Math.abs).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return max > 8 * median ? 1 : 0.4;
}
