/**
 * Helpers every impedance reader shares: number parsing that accepts a decimal comma, turning rows
 * into clean spectra (frequency > 0, finite Z), and splitting a file into several sweeps.
 */
import { decodeText, ParseError, type ReadContext } from '@ionscope/core';
import type { SpectrumArrays } from '../model/spectrum';

const DECIMAL_COMMA = /^[+-]?\d*,\d+(?:[eEdD][+-]?\d+)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;

/**
 * Parses one numeric token. A comma is taken as the decimal mark when it is the only separator in
 * the token (EC-Lab and Gamry in European locales write `1,0003E+003`); `NaN`/`inf` are accepted.
 * Returns NaN for anything else, so callers can report the field.
 */
export function parseNumber(token: string | undefined): number {
  if (token === undefined) return Number.NaN;
  let t = token.trim();
  if (t === '') return Number.NaN;
  if (DECIMAL_COMMA.test(t)) t = t.replace(',', '.');
  if (NUMBER.test(t)) return Number(t.replace(/[dD]/, 'e'));
  const lower = t.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/** True when the token is a number (decimal point or comma). */
export function isNumberToken(token: string | undefined): boolean {
  if (token === undefined) return false;
  const t = token.trim();
  return NUMBER.test(t) || DECIMAL_COMMA.test(t) || /^[+-]?(nan|inf|infinity)$/i.test(t);
}

/** Decodes a file's bytes (UTF-8, UTF-16 with BOM, or cp1252 as EC-Lab and Gamry write). */
export function fileText(bytes: Uint8Array): string {
  return decodeText(bytes);
}

/** Lines of a text file (CRLF, LF or CR). */
export function textLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** The first bytes of a file as text, for sniffers (never throws). */
export function sniffText(head: Uint8Array, maxBytes = 8192): string {
  try {
    return decodeText(head.subarray(0, Math.min(head.length, maxBytes)));
  } catch {
    return '';
  }
}

/** The lower-case extension of a file name with the dot (`.mpt`), '' when none. */
export function extensionOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

/** Growable column of numbers, turned into a Float64Array at the end. */
export class Column {
  private data: Float64Array;
  length = 0;
  constructor(capacity = 64) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Rows of a spectrum collected while reading (frequency, Z′, Z″ and optional extras). */
export class SpectrumBuilder {
  readonly frequency = new Column();
  readonly Zreal = new Column();
  readonly Zimag = new Column();
  readonly time = new Column();
  readonly Ewe = new Column();
  readonly I = new Column();
  readonly cycle = new Column();
  hasTime = false;
  hasEwe = false;
  hasI = false;
  hasCycle = false;

  get length(): number {
    return this.frequency.length;
  }

  add(f: number, re: number, im: number, extra: { time?: number; Ewe?: number; I?: number; cycle?: number } = {}): void {
    this.frequency.push(f);
    this.Zreal.push(re);
    this.Zimag.push(im);
    if (extra.time !== undefined) this.hasTime = true;
    if (extra.Ewe !== undefined) this.hasEwe = true;
    if (extra.I !== undefined) this.hasI = true;
    if (extra.cycle !== undefined) this.hasCycle = true;
    this.time.push(extra.time ?? Number.NaN);
    this.Ewe.push(extra.Ewe ?? Number.NaN);
    this.I.push(extra.I ?? Number.NaN);
    this.cycle.push(extra.cycle ?? Number.NaN);
  }

  build(): SpectrumArrays {
    const s: SpectrumArrays = { frequency: this.frequency.toArray(), Zreal: this.Zreal.toArray(), Zimag: this.Zimag.toArray() };
    if (this.hasTime) s.time = this.time.toArray();
    if (this.hasEwe) s.Ewe = this.Ewe.toArray();
    if (this.hasI) s.I = this.I.toArray();
    if (this.hasCycle) s.cycle = this.cycle.toArray();
    return s;
  }
}

/** Keeps the rows where `keep[i]` is true. */
export function selectRows(s: SpectrumArrays, keep: (i: number) => boolean): SpectrumArrays {
  const idx: number[] = [];
  for (let i = 0; i < s.frequency.length; i++) if (keep(i)) idx.push(i);
  const pick = (a: Float64Array) => Float64Array.from(idx, (i) => a[i] as number);
  const out: SpectrumArrays = { frequency: pick(s.frequency), Zreal: pick(s.Zreal), Zimag: pick(s.Zimag) };
  for (const key of ['time', 'Ewe', 'I', 'cycle'] as const) {
    const a = s[key];
    if (a) out[key] = pick(a);
  }
  return out;
}

/**
 * Drops the rows that are not impedance points: frequency ≤ 0 or not finite (DC rows in Parstat
 * and GEIS exports), or Z not finite. Logs how many were dropped.
 */
export function cleanSpectrum(s: SpectrumArrays, ctx: ReadContext | undefined, file: string): SpectrumArrays {
  const n = s.frequency.length;
  const ok = (i: number) => Number.isFinite(s.frequency[i]) && (s.frequency[i] as number) > 0 && Number.isFinite(s.Zreal[i]) && Number.isFinite(s.Zimag[i]);
  let bad = 0;
  for (let i = 0; i < n; i++) if (!ok(i)) bad++;
  if (bad === 0) return s;
  ctx?.logger.info?.(`${file}: ${bad} row(s) without a positive frequency or finite impedance were skipped`);
  return selectRows(s, ok);
}

/** Splits one spectrum into several by the values of `key` (consecutive runs of equal values). */
export function splitByRuns(s: SpectrumArrays, labels: Float64Array): { spectra: SpectrumArrays[]; labels: number[] } {
  const spectra: SpectrumArrays[] = [];
  const out: number[] = [];
  let start = 0;
  for (let i = 1; i <= labels.length; i++) {
    if (i === labels.length || labels[i] !== labels[i - 1]) {
      spectra.push(selectRows(s, (j) => j >= start && j < i));
      out.push(labels[start] as number);
      start = i;
    }
  }
  return { spectra, labels: out };
}

/**
 * Splits a file holding several frequency sweeps one after the other (EC-Lab with a constant cycle
 * number, operando exports): a new sweep starts where the frequency jumps against the sweep's
 * direction by more than a few steps.
 */
export function splitSweeps(s: SpectrumArrays): SpectrumArrays[] {
  const f = s.frequency;
  const n = f.length;
  if (n < 4) return [s];
  const steps: number[] = [];
  for (let i = 1; i < n; i++) steps.push(Math.log((f[i] as number) / (f[i - 1] as number)));
  const sorted = steps.map(Math.abs).sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)] || 1e-12;
  let direction = 0;
  for (const st of steps) direction += Math.sign(st);
  direction = Math.sign(direction) || -1;
  const starts = [0];
  for (let i = 1; i < n; i++) {
    const st = steps[i - 1] as number;
    if (Math.sign(st) === -direction && Math.abs(st) > 3 * typical) starts.push(i);
  }
  if (starts.length === 1) return [s];
  starts.push(n);
  const out: SpectrumArrays[] = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    const a = starts[k] as number;
    const b = starts[k + 1] as number;
    out.push(selectRows(s, (j) => j >= a && j < b));
  }
  return out;
}

/** A ParseError naming the file (and line when given). */
export function parseError(
  file: string,
  what: string,
  options: { line?: number; field?: string; expected?: string; found?: string; offset?: number } = {},
): ParseError {
  return new ParseError(what, { file, ...options });
}

/** Throws a ParseError when a spectrum has no points. */
export function requirePoints(s: SpectrumArrays, file: string, what = 'impedance points'): void {
  if (s.frequency.length === 0) throw parseError(file, `no ${what} found`, { expected: 'at least one row with a positive frequency and finite Z′, Z″' });
}

/** Scale factor from a current unit found in a header (`mA`, `µA`, `A`) to amperes. */
export function currentScale(unit: string): number {
  const u = unit.trim();
  if (u === 'mA') return 1e-3;
  if (u === 'µA' || u === 'uA' || u === '\u00b5A' || u === '\u03bcA') return 1e-6;
  if (u === 'nA') return 1e-9;
  if (u === 'pA') return 1e-12;
  if (u === 'kA') return 1e3;
  return 1;
}
