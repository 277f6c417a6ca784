/**
 * Bruker/Siemens UXD text (DIFFRAC plus export): `_KEY=value` header lines, `;` comments, and per
 * range a `_COUNTS`/`_CPS` block (one intensity per value, positions from `_START`/`_2THETA` and
 * `_STEPSIZE`) or a `_2THETACOUNTS`/`_2THETACPS` block of "2θ intensity" pairs. Wavelengths from
 * `_WL1`/`_WL2`/`_WLRATIO`, anode from `_ANODE`. The first range is read.
 */
import { Confidence, type FileSource, ParseError, type ReaderContribution, splitLines } from '@ionscope/core';
import { KIND_PATTERN, makePattern, type Radiation } from '../kinds';
import { extensionOf, isoDate, regularAxis, sniffText, textOf } from './common';

export function readUxd(source: FileSource) {
  const file = source.name;
  const lines = splitLines(textOf(source));
  const header: Record<string, string> = {};
  const range: Record<string, string> = {};
  let inRange = false;
  let mode: 'counts' | 'pairs' | undefined;
  let cps = false;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let ln = 0; ln < lines.length; ln++) {
    const line = (lines[ln] as string).trim();
    if (!line || line.startsWith(';')) {
      if (/Data for Range number/i.test(line)) {
        if (mode) break; // second range: stop after the first
        inRange = true;
      }
      continue;
    }
    if (line.startsWith('_')) {
      if (mode && xs.length + ys.length > 0 && !/^_(COUNTS|CPS|2THETACOUNTS|2THETACPS)/i.test(line)) break;
      const eq = line.indexOf('=');
      if (eq < 0) {
        const key = line.slice(1).toUpperCase();
        if (key === 'COUNTS' || key === 'CPS') mode = 'counts';
        else if (key === '2THETACOUNTS' || key === '2THETACPS' || key === '2THETA_COUNTS') mode = 'pairs';
        cps = key.includes('CPS');
        continue;
      }
      const key = line.slice(1, eq).trim().toUpperCase();
      const value = line
        .slice(eq + 1)
        .trim()
        .replace(/^'(.*)'$/, '$1');
      (inRange ? range : header)[key] = value;
      continue;
    }
    if (!mode)
      throw new ParseError('data before a _COUNTS or _2THETACOUNTS marker', {
        file,
        line: ln + 1,
        found: line.slice(0, 40),
        expected: '_KEY=value header lines',
      });
    const tokens = line.split(/[\s,]+/).map(Number);
    if (!tokens.every(Number.isFinite)) throw new ParseError('not a number', { file, line: ln + 1, found: line.slice(0, 40) });
    if (mode === 'pairs') {
      if (tokens.length < 2) throw new ParseError('expected "2θ intensity"', { file, line: ln + 1, found: line });
      xs.push(tokens[0] as number);
      ys.push(tokens[1] as number);
    } else ys.push(...tokens);
  }
  if (!ys.length) throw new ParseError('no data', { file, expected: 'a _COUNTS or _2THETACOUNTS block' });
  const y = Float64Array.from(ys);
  let x: Float64Array | { start: number; step: number; length: number };
  if (mode === 'pairs') x = Float64Array.from(xs);
  else {
    const start = Number(range.START ?? range['2THETA'] ?? header.START);
    const step = Number(range.STEPSIZE ?? header.STEPSIZE);
    x = regularAxis(start, step, y.length, file, '_START/_STEPSIZE');
  }
  const radiation: Radiation = { probe: 'x-ray' };
  const num = (s: string | undefined) => (s !== undefined && Number.isFinite(Number(s)) && Number(s) > 0 ? Number(s) : undefined);
  const k1 = num(header.WL1);
  const k2 = num(header.WL2);
  const kb = num(header.WL3);
  const ratio = num(header.WLRATIO);
  if (k1) radiation.kAlpha1 = k1;
  if (k2) radiation.kAlpha2 = k2;
  if (kb) radiation.kBeta = kb;
  if (ratio !== undefined) radiation.kAlpha2Ratio = ratio;
  if (header.ANODE) radiation.anode = header.ANODE;
  const wl = k1 ?? num(range.RANGE_WL);
  if (wl) radiation.wavelength = wl;
  const stepTime = num(range.STEPTIME);
  const date = isoDate(header.DATEMEASURED);
  return makePattern({
    x,
    intensity: y,
    intensityUnit: cps ? 'counts/s' : 'counts',
    ...(cps ? {} : { variances: 'poisson' as const }),
    radiation,
    settings: stepTime ? { timePerStep: { value: stepTime, unit: 's' } } : {},
    meta: {
      ...(header.SAMPLE ? { sample: { name: header.SAMPLE } } : {}),
      ...(date ? { startTime: date, startTimeZone: 'unknown' as const } : {}),
      instrument: { manufacturer: 'Bruker' },
      source: { fileName: file, format: `UXD ${header.FILEVERSION ?? ''}`.trim() },
      extra: { ...header },
    },
  });
}

export const uxdReader: ReaderContribution = {
  id: 'xrd.uxd',
  name: 'Bruker UXD text (.uxd)',
  extensions: ['.uxd'],
  kinds: [KIND_PATTERN],
  sniff(input) {
    const text = sniffText(input, 8192);
    if (!text) return Confidence.no;
    if (/^_FILEVERSION=/m.test(text) && /^_(2THETA|START|STEPSIZE)/m.test(text)) return Confidence.likely;
    return extensionOf(input.name) === '.uxd' && /^_[A-Z]/m.test(text) ? Confidence.plausible : Confidence.no;
  },
  read: (source) => readUxd(source),
};
