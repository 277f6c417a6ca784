import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, headText, looksLikeText, ParseError, parseKeyValueLines, parseNumericTable, splitLines, splitNameAndUnit } from '../src/index';

/** Runs the parser; returns the table or undefined for a ParseError, and fails on any other exception. */
function parseOrParseError(text: string) {
  try {
    return parseNumericTable(text, { fileName: 'fuzz.txt' });
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).file).toBe('fuzz.txt');
    return undefined;
  }
}

function expectConsistent(t: ReturnType<typeof parseNumericTable>) {
  expect(t.columns.length).toBeGreaterThanOrEqual(2);
  expect(t.names.length).toBe(t.columns.length);
  expect(t.units.length).toBe(t.columns.length);
  for (const c of t.columns) {
    expect(c).toBeInstanceOf(Float64Array);
    expect(c.length).toBe(t.rows);
  }
  expect(t.firstDataLine).toBeGreaterThanOrEqual(1);
}

const cell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map(String),
  fc.integer().map(String),
  fc.constantFrom('NaN', 'inf', '-Inf', '1,5', '2.5e-3', '4D+2', '', 'abc', '"3"', '-', '.'),
);
const delimiter = fc.constantFrom(',', '\t', ';', ' ', '  ', '|');
const eol = fc.constantFrom('\n', '\r\n', '\r');

describe('parseNumericTable and decodeText fuzz (fast-check)', () => {
  it('random bytes give a table or a ParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const text = decodeText(bytes);
        expect(typeof text).toBe('string');
        expect(typeof looksLikeText(bytes)).toBe('boolean');
        expect(typeof headText(bytes, 100)).toBe('string');
        const t = parseOrParseError(text);
        if (t) expectConsistent(t);
      }),
      { numRuns: 1000 },
    );
  });

  it('random text tables (header, comments, delimiters, line endings, junk cells) give a consistent table or a ParseError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 4 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 40 }),
        delimiter,
        eol,
        (header, rows, d, nl) => {
          const text = [...header.map((h) => `# ${h}`), ...rows.map((r) => r.join(d))].join(nl);
          const t = parseOrParseError(text);
          if (t) expectConsistent(t);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('well-formed tables come back exactly, whatever the delimiter and line ending', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 30 }),
        fc.constantFrom(',', '\t', ';', ' '),
        eol,
        fc.boolean(),
        (width, n, d, nl, withHeader) => {
          const values = Array.from({ length: n }, (_, r) => Array.from({ length: width }, (_, c) => (r + 1) * 10 ** (c - 2) * (c % 2 ? -1 : 1)));
          const names = Array.from({ length: width }, (_, c) => `col${c} (m)`);
          const lines = [...(withHeader ? [names.join(d)] : []), ...values.map((r) => r.join(d))];
          const t = parseNumericTable(lines.join(nl));
          expect(t.rows).toBe(n);
          expect(t.columns.length).toBe(width);
          for (let c = 0; c < width; c++) expect(Array.from(t.columns[c] as Float64Array)).toEqual(values.map((r) => r[c]));
          if (withHeader && d !== ' ') expect(t.units).toEqual(names.map(() => 'm'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes UTF-16 with either byte order and cp1252 fallbacks', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const le = new Uint8Array(2 + s.length * 2);
        le.set([0xff, 0xfe]);
        const be = new Uint8Array(2 + s.length * 2);
        be.set([0xfe, 0xff]);
        for (let i = 0; i < s.length; i++) {
          const code = s.charCodeAt(i);
          le[2 + 2 * i] = code & 0xff;
          le[3 + 2 * i] = code >> 8;
          be[2 + 2 * i] = code >> 8;
          be[3 + 2 * i] = code & 0xff;
        }
        expect(decodeText(le)).toBe(s);
        expect(decodeText(be)).toBe(s);
        const utf8 = new TextEncoder().encode(s);
        expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toBe(s);
      }),
      { numRuns: 300 },
    );
    // µ and ° as single cp1252 bytes, as Windows instrument software writes them
    expect(decodeText(Uint8Array.from([0x35, 0x30, 0x20, 0xb5, 0x6d, 0x20, 0xb0, 0x43]))).toBe('50 µm °C');
  });

  it('helpers never throw on odd text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(splitLines(s).join('\n').length).toBeLessThanOrEqual(s.length);
        expect(typeof splitNameAndUnit(s).name).toBe('string');
        expect(typeof parseKeyValueLines(splitLines(s))).toBe('object');
      }),
      { numRuns: 500 },
    );
  });
});
