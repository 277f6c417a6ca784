/**
 * GSAS powder data files (`.gsa`, `.gsas`, `.fxye`, GSAS `.raw`): a title line, optional
 * comment/instrument lines, then `BANK` blocks
 * `BANK n nchan nrec CONST bcoef1 bcoef2 bcoef3 bcoef4 TYPE` with constant-step 2θ in
 * centidegrees (start = bcoef1/100°, step = bcoef2/100°), or `SLOG`/RALF (time of flight, not
 * read here). Record types (GSAS manual, A. C. Larson & R. B. Von Dreele, LAUR 86-748):
 * - STD: 10 fields of 8 characters per line, each an optional 2-digit number of counters and a
 *   6-digit intensity; σ² = I / counters;
 * - ESD: 10 fields of 8 characters = 5 (I, σ) pairs per line;
 * - ALT: 4 (2θ centidegrees F8, I F7, σ F5) triples per line (non-constant steps allowed);
 * - FXYE: free-format lines "2θ(centidegrees) I σ".
 * Line endings may be CRLF; lines may be padded to 80 columns. The first bank is read.
 */
import { Confidence, type FileSource, ParseError, type ReaderContribution, splitLines } from '@ionscope/core';
import { KIND_PATTERN, makePattern } from '../kinds';
import { extensionOf, sniffText, textOf } from './common';

const BANK = /^BANK\s+(\d+)\s+(\d+)\s+(\d+)\s+(\w+)\s*(.*)$/;

function fixedFields(line: string, width: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(line.slice(i * width, (i + 1) * width));
  return out;
}

export function readGsas(source: FileSource) {
  const file = source.name;
  const lines = splitLines(textOf(source));
  const title = (lines[0] ?? '').trim();
  const bankIndex = lines.findIndex((l) => l.startsWith('BANK'));
  if (bankIndex < 0) throw new ParseError('no BANK line', { file, expected: 'a line "BANK n nchan nrec CONST start step 0 0 STD|ESD|ALT|FXYE"' });
  const bankLine = (lines[bankIndex] as string).trim();
  const m = BANK.exec(bankLine);
  if (!m)
    throw new ParseError('cannot read the BANK line', { file, line: bankIndex + 1, found: bankLine, expected: 'BANK n nchan nrec BINTYP coefficients TYPE' });
  const nchan = Number(m[2]);
  const binType = (m[4] as string).toUpperCase();
  const rest = (m[5] as string).trim().split(/\s+/);
  const type = (rest[rest.length - 1] ?? '').toUpperCase();
  const coeffs = rest.filter((t) => Number.isFinite(Number(t))).map(Number);
  if (!(nchan > 0) || nchan > 50_000_000)
    throw new ParseError('invalid number of channels', { file, line: bankIndex + 1, field: 'nchan', found: String(m[2]) });
  const dataType = ['STD', 'ESD', 'ALT', 'FXYE'].includes(type) ? type : binType === 'CONST' || binType === 'CONS' ? 'STD' : binType;
  if (binType !== 'CONST' && binType !== 'CONS' && dataType !== 'ALT' && dataType !== 'FXYE') {
    throw new ParseError(`bin type ${binType} is not supported`, {
      file,
      line: bankIndex + 1,
      field: 'BINTYP',
      expected: 'CONST (constant 2θ step) or ALT/FXYE records',
    });
  }
  const x = new Float64Array(nchan);
  const y = new Float64Array(nchan);
  const variances = new Float64Array(nchan);
  let k = 0;
  const start = (coeffs[0] ?? Number.NaN) / 100;
  const step = (coeffs[1] ?? Number.NaN) / 100;
  const bad = (ln: number, found: string, expected: string) => new ParseError('bad data value', { file, line: ln + 1, found, expected });
  for (let ln = bankIndex + 1; ln < lines.length && k < nchan; ln++) {
    const line = lines[ln] as string;
    if (line.startsWith('BANK')) break;
    if (!line.trim() || line.startsWith('#')) continue;
    if (dataType === 'STD') {
      for (const f of fixedFields(line, 8, 10)) {
        if (k >= nchan) break;
        if (!f.trim()) continue;
        const head = f.slice(0, 2).trim();
        const whole = Number(f);
        let counts = whole;
        let counters = 1;
        if (head && f.length === 8 && /^\d+$/.test(head) && f[2] !== ' ' && !Number.isNaN(Number(f.slice(2)))) {
          // A leading 2-digit counter count glued to a 6-digit intensity.
          counters = Number(head) || 1;
          counts = Number(f.slice(2));
        }
        if (!Number.isFinite(counts)) throw bad(ln, f, 'an intensity in an 8-character field');
        y[k] = counts;
        variances[k] = Math.max(counts, 1) / counters;
        k++;
      }
    } else if (dataType === 'ESD') {
      const f = fixedFields(line, 8, 10);
      for (let j = 0; j < 10 && k < nchan; j += 2) {
        if (!(f[j] as string).trim()) continue;
        const v = Number(f[j]);
        const e = Number(f[j + 1]);
        if (!Number.isFinite(v) || !Number.isFinite(e)) throw bad(ln, `${f[j]}${f[j + 1]}`, 'an (intensity, σ) pair of 8-character fields');
        y[k] = v;
        variances[k] = e * e;
        k++;
      }
    } else if (dataType === 'ALT') {
      for (let j = 0; j < 4 && k < nchan; j++) {
        const seg = line.slice(j * 20, (j + 1) * 20);
        if (!seg.trim()) continue;
        const xv = Number(seg.slice(0, 8));
        const v = Number(seg.slice(8, 15));
        const e = Number(seg.slice(15, 20));
        if (![xv, v, e].every(Number.isFinite)) throw bad(ln, seg, 'a (2θ centidegrees F8, intensity F7, σ F5) triple');
        x[k] = xv / 100;
        y[k] = v;
        variances[k] = e * e;
        k++;
      }
    } else {
      const t = line.trim().split(/\s+/).map(Number);
      if (t.length < 2 || !t.slice(0, 3).every(Number.isFinite)) throw bad(ln, line.trim(), '"2θ(centidegrees) intensity σ"');
      x[k] = (t[0] as number) / 100;
      y[k] = t[1] as number;
      variances[k] = t.length > 2 ? (t[2] as number) ** 2 : Math.max(t[1] as number, 1);
      k++;
    }
  }
  if (k < nchan) throw new ParseError(`only ${k} of ${nchan} data values`, { file, field: 'data', expected: `${nchan} values as the BANK line says` });
  const constantStep = dataType === 'STD' || dataType === 'ESD';
  if (constantStep && !(Number.isFinite(start) && Number.isFinite(step) && step !== 0)) {
    throw new ParseError('the BANK line has no start/step', { file, line: bankIndex + 1, expected: 'CONST start step in centidegrees' });
  }
  return makePattern({
    x: constantStep ? { start, step, length: nchan } : x,
    intensity: y,
    intensityUnit: 'counts',
    variances,
    meta: { title, source: { fileName: file, format: `GSAS ${binType} ${dataType}` } },
  });
}

export const gsasReader: ReaderContribution = {
  id: 'xrd.gsas',
  name: 'GSAS powder data (.gsa, .gsas, .fxye, GSAS .raw)',
  extensions: ['.gsa', '.gsas', '.fxye', '.raw', '.gss', '.dat'],
  kinds: [KIND_PATTERN],
  sniff(input) {
    const text = sniffText(input, 4096);
    if (!text) return Confidence.no;
    if (/^BANK\s+\d+\s+\d+\s+\d+\s+(CONST|CONS|SLOG|RALF)\b/m.test(text)) return Confidence.likely;
    return ['.gsa', '.gsas', '.fxye'].includes(extensionOf(input.name)) && /^BANK\s/m.test(text) ? Confidence.plausible : Confidence.no;
  },
  read: (source) => readGsas(source),
};
