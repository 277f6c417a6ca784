import { decodeText, type FileSource, headText, looksLikeText, ParseError, type SniffInput } from '@ionscope/core';

/** Lower-case extension with the dot ('' when none). */
export function extensionOf(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The file's text (BOM/UTF-16/cp1252 handled by core's decodeText). */
export function textOf(source: FileSource): string {
  return decodeText(source.bytes);
}

/** Head text for a sniffer, or '' when the bytes do not look like text. */
export function sniffText(input: SniffInput, maxBytes = 8192): string {
  return looksLikeText(input.head, maxBytes) ? headText(input.head, maxBytes) : '';
}

/** Throws a ParseError unless every value is finite. */
export function requireFinite(values: Float64Array, fileName: string, field: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] as number))
      throw new ParseError(`value ${i + 1} is not a finite number`, { file: fileName, field, found: String(values[i]) });
  }
}

/** True when all values are non-negative integers (raw detector counts). */
export function looksLikeCounts(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < 0 || Math.abs(v - Math.round(v)) > 1e-9) return false;
  }
  return values.length > 0;
}

/** `n` points from start with a step, as {start, step, length}, checked. */
export function regularAxis(start: number, step: number, length: number, fileName: string, field: string) {
  if (!Number.isFinite(start) || !Number.isFinite(step) || step === 0 || !Number.isInteger(length) || length < 1) {
    throw new ParseError('invalid scan axis', {
      file: fileName,
      field,
      expected: 'a finite start, a non-zero step and at least one point',
      found: `start=${start}, step=${step}, n=${length}`,
    });
  }
  return { start, step, length };
}

/** Parses `DD-Mon-YYYY HH:MM:SS`, `MM/DD/YY`, ISO... into an ISO 8601 string without zone; undefined if unknown. */
export function isoDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/.exec(t);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}${iso[7] ?? ''}`;
  const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  const dmy = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})/.exec(t);
  if (dmy) {
    const m = months.indexOf((dmy[2] as string).toLowerCase()) + 1;
    if (m > 0) return `${dmy[3]}-${pad(m)}-${pad(Number(dmy[1]))}T${pad(Number(dmy[4]))}:${dmy[5]}:${dmy[6]}`;
  }
  return undefined;
}

export function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Wraps a non-Ionscope error from a parser into a ParseError naming the file (last-resort guard). */
export function guard<T>(fileName: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string' && (error as { code: string }).code.startsWith('E_'))
      throw error;
    throw new ParseError(`${what}: ${(error as Error)?.message ?? String(error)}`, { file: fileName, cause: error });
  }
}
