/**
 * Reading delimited numeric text: the generic `.csv` / `.txt` / `.xy` / `.dat` exports every
 * instrument writes. Finds the delimiter, the header lines, a column-name row, and the numeric
 * block; reports the first bad line by number. Readers for specific formats build on this.
 */
import { ParseError } from '../errors';
import { splitLines } from './text';

export type Delimiter = ',' | '\t' | ';' | ' ' | '|';

export interface NumericTable {
  /** Column names from the header row when one was found, else `col1`, `col2`... */
  names: string[];
  /** Units found in the names (`Freq (Hz)`, `Z' [Ohm]`, `f/Hz`), '' when none. */
  units: string[];
  /** Column-major values. */
  columns: Float64Array[];
  rows: number;
  delimiter: Delimiter;
  /** Lines before the numeric block (metadata, comments, the header row). */
  headerLines: string[];
  /** 1-based line number of the first numeric row. */
  firstDataLine: number;
  decimalComma: boolean;
}

export interface NumericTableOptions {
  /** File name for error messages. */
  fileName?: string;
  /** Force a delimiter instead of detecting it. */
  delimiter?: Delimiter;
  /** Lines starting with these are comments anywhere in the file (default `#`, `%`, `!`, `;`... see below). */
  commentPrefixes?: string[];
  /** Minimum number of numeric columns a data row must have (default 2). */
  minColumns?: number;
  /** Stop at the first non-numeric line after data started (default true); else skip such lines. */
  stopAtText?: boolean;
  /** Skip this many leading lines unconditionally. */
  skipLines?: number;
}

const NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eEdD][+-]?\d+)?$/;
const SPECIAL = /^(?:nan|NaN|NAN|inf|-inf|Inf|-Inf|INF|-INF|Infinity|-Infinity)$/;

/**
 * The value of a numeric token, or undefined when the token is not a number. NaN/Inf spellings
 * give NaN/±Infinity. Plain decimals take a fast path through the engine's own number parser
 * (tables of 10⁴–10⁶ rows are common); Fortran `D` exponents and decimal commas take the slow one.
 */
function numericValue(token: string, decimalComma: boolean): number | undefined {
  const c0 = token.charCodeAt(0);
  if ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46) {
    const c1 = token.charCodeAt(1);
    // `+'0x1A'`, `+'0b1'`, `+'0o7'` are numbers to JavaScript but not in a data file.
    if (c1 !== 120 && c1 !== 88 && c1 !== 98 && c1 !== 66 && c1 !== 111 && c1 !== 79) {
      const v = +token;
      if (!Number.isNaN(v)) return v;
    }
  }
  if (SPECIAL.test(token)) {
    const lower = token.toLowerCase();
    if (lower === 'nan') return Number.NaN;
    return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!NUMBER.test(token)) return undefined;
  if (!decimalComma && token.includes(',')) return undefined;
  return Number(token.replace(',', '.').replace(/[dD]/, 'e'));
}

function isNumericToken(token: string, decimalComma: boolean): boolean {
  return numericValue(token, decimalComma) !== undefined;
}

const WHITESPACE = -1;

function isBlank(line: string): boolean {
  for (let k = 0; k < line.length; k++) if (line.charCodeAt(k) > 32) return false;
  return true;
}

/**
 * Parses the first `width` cells of a data line straight into the columns at `row`, scanning
 * characters instead of splitting (the hot loop of every text reader). Returns false when a cell
 * is missing or not a number. Cells may be padded with blanks or wrapped in double quotes.
 */
function parseRowInto(line: string, delimiter: number, decimalComma: boolean, width: number, columns: Float64Array[], row: number): boolean {
  const n = line.length;
  let i = 0;
  for (let c = 0; c < width; c++) {
    while (i < n && line.charCodeAt(i) <= 32 && line.charCodeAt(i) !== delimiter) i++;
    if (i >= n) return false;
    let j = i;
    if (delimiter === WHITESPACE) while (j < n && line.charCodeAt(j) > 32) j++;
    else while (j < n && line.charCodeAt(j) !== delimiter) j++;
    let start = i;
    let end = j;
    while (end > start && line.charCodeAt(end - 1) <= 32) end--;
    if (end - start >= 2 && line.charCodeAt(start) === 34 && line.charCodeAt(end - 1) === 34) {
      start++;
      end--;
    }
    if (end === start) return false;
    const value = numericValue(line.slice(start, end), decimalComma);
    if (value === undefined) return false;
    (columns[c] as Float64Array)[row] = value;
    i = delimiter === WHITESPACE ? j : j + 1;
  }
  return true;
}

function splitLine(line: string, delimiter: Delimiter): string[] {
  const trimmed = line.trim();
  if (trimmed === '') return [];
  if (delimiter === ' ') return trimmed.split(/\s+/);
  const parts = trimmed.split(delimiter);
  for (let i = 0; i < parts.length; i++) {
    let p = parts[i] as string;
    if (p.charCodeAt(0) <= 32 || p.charCodeAt(p.length - 1) <= 32) p = p.trim();
    if (p.charCodeAt(0) === 34 && p.length >= 2 && p.charCodeAt(p.length - 1) === 34) p = p.slice(1, -1);
    parts[i] = p;
  }
  // Trailing delimiters are common ("1,2,3,").
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Guess the delimiter from candidate data lines: the one giving the most consistent numeric split. */
function detectDelimiter(lines: string[]): { delimiter: Delimiter; decimalComma: boolean } {
  const candidates: { delimiter: Delimiter; decimalComma: boolean }[] = [
    { delimiter: '\t', decimalComma: false },
    { delimiter: ',', decimalComma: false },
    { delimiter: ';', decimalComma: false },
    { delimiter: ';', decimalComma: true },
    { delimiter: '\t', decimalComma: true },
    { delimiter: ' ', decimalComma: false },
    { delimiter: ' ', decimalComma: true },
    { delimiter: '|', decimalComma: false },
  ];
  let best = { delimiter: ' ' as Delimiter, decimalComma: false, score: -1 };
  const sample = lines;
  for (const c of candidates) {
    const counts = new Map<number, number>();
    for (const line of sample) {
      const tokens = splitLine(line, c.delimiter);
      if (tokens.length < 2 || !tokens.every((t) => t === '' || isNumericToken(t, c.decimalComma))) continue;
      counts.set(tokens.length, (counts.get(tokens.length) ?? 0) + 1);
    }
    let top = 0;
    let width = 0;
    for (const [w, n] of counts) if (n > top || (n === top && w > width)) [top, width] = [n, w];
    // Prefer consistent row counts, then more columns, then no decimal comma.
    const score = top * 1000 + width - (c.decimalComma ? 1 : 0);
    if (score > best.score) best = { ...c, score };
  }
  return { delimiter: best.delimiter, decimalComma: best.decimalComma };
}

const UNIT_IN_NAME = /^(.*?)\s*(?:\(([^()]*)\)|\[([^[\]]*)\]|\/\s*([^/\s]+))\s*$/;

/** Splits `Freq (Hz)`, `Z' [Ohm]`, `f/Hz`, `Zre/Ohm` into name and unit. */
export function splitNameAndUnit(header: string): { name: string; unit: string } {
  const m = UNIT_IN_NAME.exec(header.trim());
  if (!m?.[1]) return { name: header.trim(), unit: '' };
  return { name: m[1].trim(), unit: (m[2] ?? m[3] ?? m[4] ?? '').trim() };
}

/**
 * Parses delimited numeric text. The numeric block is the longest run of lines that split into the
 * same number (≥ `minColumns`) of numbers; the line just above it, when it splits into as many
 * non-numeric cells, is taken as the column names.
 */
export function parseNumericTable(text: string, options: NumericTableOptions = {}): NumericTable {
  const file = options.fileName;
  const comments = options.commentPrefixes ?? ['#', '%', '!', '//', '*'];
  const minColumns = options.minColumns ?? 2;
  const stopAtText = options.stopAtText ?? true;
  const allLines = splitLines(text);
  const skip = options.skipLines ?? 0;
  const commentStarts = new Set(comments.map((p) => p.charCodeAt(0)));
  const isComment = (line: string) => {
    let k = 0;
    while (k < line.length && line.charCodeAt(k) <= 32) k++;
    return commentStarts.has(line.charCodeAt(k)) && comments.some((p) => line.startsWith(p, k));
  };

  // The delimiter is judged on the last 64 content lines: enough to see a consistent split.
  const candidates: string[] = [];
  for (let i = allLines.length - 1; i >= skip && candidates.length < 64; i--) {
    const l = allLines[i] as string;
    if (l.trim() !== '' && !isComment(l)) candidates.unshift(l);
  }
  const detected = options.delimiter
    ? { delimiter: options.delimiter, decimalComma: options.delimiter !== ',' && detectDelimiter(candidates).decimalComma }
    : detectDelimiter(candidates);
  const { delimiter, decimalComma } = detected;

  // Find the first line that starts a numeric block of consistent width.
  let start = -1;
  let width = 0;
  for (let i = skip; i < allLines.length; i++) {
    const line = allLines[i] as string;
    if (line.trim() === '' || isComment(line)) continue;
    const tokens = splitLine(line, delimiter);
    if (tokens.length >= minColumns && tokens.every((t) => isNumericToken(t, decimalComma))) {
      // Require the next data line to agree, so a numeric-looking metadata line is not taken.
      let next = i + 1;
      while (next < allLines.length && ((allLines[next] as string).trim() === '' || isComment(allLines[next] as string))) next++;
      const nextTokens = next < allLines.length ? splitLine(allLines[next] as string, delimiter) : tokens;
      if (next >= allLines.length || (nextTokens.length === tokens.length && nextTokens.every((t) => isNumericToken(t, decimalComma)))) {
        start = i;
        width = tokens.length;
        break;
      }
    }
  }
  if (start < 0) {
    throw new ParseError('no table of numbers found', {
      file,
      expected: `lines of at least ${minColumns} numbers separated by tabs, commas, semicolons or spaces`,
    });
  }

  const capacity = allLines.length - start;
  const columns: Float64Array[] = Array.from({ length: width }, () => new Float64Array(capacity));
  const delimiterCode = delimiter === ' ' ? WHITESPACE : delimiter.charCodeAt(0);
  let rows = 0;
  for (let i = start; i < allLines.length; i++) {
    const line = allLines[i] as string;
    if (isBlank(line) || isComment(line)) continue;
    if (!parseRowInto(line, delimiterCode, decimalComma, width, columns, rows)) {
      if (stopAtText) break;
      continue;
    }
    rows++;
  }

  const headerLines = allLines.slice(0, start);
  let names = Array.from({ length: width }, (_, i) => `col${i + 1}`);
  let units = Array.from({ length: width }, () => '');
  for (let h = headerLines.length - 1; h >= 0; h--) {
    const line = headerLines[h] as string;
    if (line.trim() === '') continue;
    const stripped = comments.reduce((l, p) => (l.trimStart().startsWith(p) ? l.trimStart().slice(p.length) : l), line);
    const cells = splitLine(stripped, delimiter === ' ' && stripped.includes('\t') ? '\t' : delimiter);
    if (cells.length === width && cells.some((c) => !isNumericToken(c, decimalComma))) {
      const parsed = cells.map(splitNameAndUnit);
      names = parsed.map((p) => p.name);
      units = parsed.map((p) => p.unit);
    }
    break;
  }

  return {
    names,
    units,
    columns: columns.map((c) => c.slice(0, rows)),
    rows,
    delimiter,
    headerLines,
    firstDataLine: start + 1,
    decimalComma,
  };
}

/** Reads `key: value` / `key = value` / `key\tvalue` pairs from header lines (first wins). */
export function parseKeyValueLines(lines: string[], separators: RegExp = /\s*[:=\t]\s*/): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of lines) {
    const line = raw.replace(/^[#%!*\s]+/, '').trim();
    if (!line) continue;
    const m = separators.exec(line);
    if (!m || m.index === 0) continue;
    const key = line.slice(0, m.index).trim();
    const value = line.slice(m.index + m[0].length).trim();
    if (key && !(key in out)) out[key] = value;
  }
  return out;
}
