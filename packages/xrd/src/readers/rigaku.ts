/**
 * Rigaku SmartLab files.
 * - `.ras` (text, Shift-JIS/ASCII): `*RAS_DATA_START`, a `*RAS_HEADER_START` block of `*KEY "value"`
 *   lines (`*HW_XG_TARGET_NAME`, `*HW_XG_WAVE_LENGTH_ALPHA1`...), then `*RAS_INT_START` rows
 *   "2θ intensity attenuation" until `*RAS_INT_END`. Intensity × attenuation is the corrected count.
 * - `.rasx` (ZIP): `Data0/Profile0.txt` (2θ, intensity, attenuation; UTF-8 with BOM) and
 *   `Data0/MesurementConditions0.xml` (sic) with the wavelengths, target and start time.
 */
import { Confidence, decodeText, type FileSource, ParseError, type ReaderContribution, splitLines } from '@ionscope/core';
import { descendant, numberText, parseXml } from '../io/xml';
import { findEntry, isZip, unzip, zipNamesInHead } from '../io/zip';
import { KIND_PATTERN, makePattern, type Radiation } from '../kinds';
import { extensionOf, isoDate, sniffText, textOf } from './common';

/** Reads "2θ intensity [attenuation]" rows; intensity × attenuation, σ² = I·att. */
function readProfileRows(lines: string[], file: string, firstLine: number) {
  const xs: number[] = [];
  const ys: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    if (line.startsWith('*')) break;
    const t = line.split(/[\s,]+/).map(Number);
    if (t.length < 2 || !t.every(Number.isFinite))
      throw new ParseError('expected "2θ intensity [attenuation]"', { file, line: firstLine + i, found: line.slice(0, 40) });
    const att = t.length > 2 ? (t[2] as number) : 1;
    const y = (t[1] as number) * att;
    xs.push(t[0] as number);
    ys.push(y);
    vs.push(Math.max(y, 1) * att);
  }
  if (!xs.length) throw new ParseError('no profile rows', { file, line: firstLine, expected: 'rows "2θ intensity attenuation"' });
  return { x: Float64Array.from(xs), intensity: Float64Array.from(ys), variances: Float64Array.from(vs) };
}

export function readRas(source: FileSource) {
  const file = source.name;
  const lines = splitLines(textOf(source));
  const header: Record<string, string> = {};
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const m = /^\*([A-Z0-9_]+)\s+"?([^"]*)"?\s*$/.exec(line);
    if (line.startsWith('*RAS_INT_START')) {
      start = i + 1;
      break;
    }
    if (m?.[1] && header[m[1]] === undefined) header[m[1]] = (m[2] ?? '').trim();
  }
  if (start < 0) throw new ParseError('no *RAS_INT_START', { file, expected: 'a *RAS_INT_START line before the data' });
  const rows = readProfileRows(lines.slice(start), file, start + 1);
  const radiation: Radiation = { probe: 'x-ray' };
  const num = (k: string) => (Number(header[k]) > 0 ? Number(header[k]) : undefined);
  const k1 = num('HW_XG_WAVE_LENGTH_ALPHA1');
  const k2 = num('HW_XG_WAVE_LENGTH_ALPHA2');
  const kb = num('HW_XG_WAVE_LENGTH_BETA');
  if (k1) radiation.kAlpha1 = k1;
  if (k2) radiation.kAlpha2 = k2;
  if (kb) radiation.kBeta = kb;
  if (header.HW_XG_TARGET_NAME) radiation.anode = header.HW_XG_TARGET_NAME;
  if (k1) radiation.wavelength = k1;
  const date = isoDate(header.MEAS_SCAN_START_TIME?.replace(/^(\d{2})\/(\d{2})\/(\d{4})/, '$3-$1-$2'));
  return makePattern({
    ...rows,
    intensityUnit: 'counts',
    radiation,
    meta: {
      ...(header.FILE_SAMPLE ? { sample: { name: header.FILE_SAMPLE } } : {}),
      ...(date ? { startTime: date, startTimeZone: 'unknown' as const } : {}),
      instrument: { manufacturer: 'Rigaku' },
      source: { fileName: file, format: 'Rigaku RAS' },
      extra: header,
    },
  });
}

export function readRasx(source: FileSource) {
  const file = source.name;
  const entries = unzip(source.bytes, file);
  const profile = findEntry(entries, /(^|\/)Profile0\.txt$/i) ?? findEntry(entries, /Profile\d*\.txt$/i);
  if (!profile) throw new ParseError('no Data0/Profile0.txt in the archive', { file, field: 'Profile0.txt', found: Object.keys(entries).join(', ') });
  const text = decodeText(profile[1]);
  const rows = readProfileRows(splitLines(text), `${file}:${profile[0]}`, 1);
  const radiation: Radiation = { probe: 'x-ray' };
  let startTime: string | undefined;
  const conditions = findEntry(entries, /Mes?urementConditions\d*\.xml$/i);
  if (conditions) {
    const doc = parseXml(decodeText(conditions[1]), `${file}:${conditions[0]}`);
    const k1 = numberText(descendant(doc, 'WavelengthKalpha1'));
    const k2 = numberText(descendant(doc, 'WavelengthKalpha2'));
    const kb = numberText(descendant(doc, 'WavelengthKbeta'));
    const target = descendant(doc, 'TargetName')?.text.trim();
    if (k1) radiation.kAlpha1 = k1;
    if (k2) radiation.kAlpha2 = k2;
    if (kb) radiation.kBeta = kb;
    if (k1) radiation.wavelength = k1;
    if (target) radiation.anode = target;
    startTime = isoDate(descendant(doc, 'StartTime')?.text);
  }
  return makePattern({
    ...rows,
    intensityUnit: 'counts',
    radiation,
    meta: {
      ...(startTime ? { startTime, startTimeZone: /Z|[+-]\d{2}:?\d{2}$/.test(startTime) ? ('given' as const) : ('unknown' as const) } : {}),
      instrument: { manufacturer: 'Rigaku' },
      source: { fileName: file, format: 'Rigaku RASX' },
    },
  });
}

export const rasReader: ReaderContribution = {
  id: 'xrd.rigaku-ras',
  name: 'Rigaku RAS text (.ras)',
  extensions: ['.ras'],
  kinds: [KIND_PATTERN],
  sniff(input) {
    const text = sniffText(input, 4096);
    if (/^\*RAS_DATA_START/m.test(text)) return Confidence.certain;
    return extensionOf(input.name) === '.ras' && text.includes('*RAS_') ? Confidence.plausible : Confidence.no;
  },
  read: (source) => readRas(source),
};

export const rasxReader: ReaderContribution = {
  id: 'xrd.rigaku-rasx',
  name: 'Rigaku SmartLab RASX (.rasx, zip)',
  extensions: ['.rasx'],
  kinds: [KIND_PATTERN],
  sniff({ head, name }) {
    if (!isZip(head)) return Confidence.no;
    const names = zipNamesInHead(head);
    if (/Data0\/Profile0\.txt/.test(names) || /MesurementConditions/.test(names)) return Confidence.certain;
    return extensionOf(name) === '.rasx' ? Confidence.plausible : Confidence.no;
  },
  read: (source) => readRasx(source),
};
