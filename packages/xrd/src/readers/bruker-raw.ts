/**
 * Bruker/Siemens DIFFRAC RAW binary files, versions 1 (`RAW `), 2 (`RAW2`), 3 (`RAW1.01`, DIFFRAC
 * plus) and 4 (`RAW4.00`, DIFFRAC.SUITE). Layouts from the DIFFRAC plus XCH V.5.0 user's manual,
 * appendix A (v3), and the field offsets documented by the xylib project (v1, v2, v4); all
 * little-endian, intensities float32. Each range is one scan; the first locked/unlocked coupled
 * range is returned as an `xrd.pattern` (the count of ranges is kept in meta.extra).
 */
import { Confidence, type FileSource, ParseError, type ReaderContribution } from '@ionscope/core';
import { BinaryCursor } from '../io/binary';
import { KIND_PATTERN, makePattern, type Radiation } from '../kinds';
import { isoDate, looksLikeCounts, regularAxis } from './common';

interface RawRange {
  start: number;
  step: number;
  y: Float64Array;
  timePerStep?: number;
  wavelength?: number;
  scanType?: string;
}

interface RawFile {
  version: number;
  ranges: RawRange[];
  radiation: Radiation;
  sample?: string;
  date?: string;
  extra: Record<string, unknown>;
}

function positiveOrUndefined(v: number): number | undefined {
  return Number.isFinite(v) && v > 0 && v < 100 ? v : undefined;
}

function checkSteps(steps: number, c: BinaryCursor, field: string): void {
  if (!Number.isInteger(steps) || steps < 1 || steps * 4 > c.length) {
    throw new ParseError('implausible number of steps', {
      file: c.fileName,
      offset: c.offset,
      field,
      found: String(steps),
      expected: `1 to ${Math.floor(c.length / 4)}`,
    });
  }
}

function readV1(c: BinaryCursor): RawFile {
  const ranges: RawRange[] = [];
  const radiation: Radiation = { probe: 'x-ray' };
  let sample: string | undefined;
  c.seek(4);
  let following = 1;
  while (following > 0 && c.offset < c.length) {
    let steps = c.u32('steps');
    if (ranges.length && steps === 0x20574152) steps = c.u32('steps'); // "RAW " repeated before later ranges
    checkSteps(steps, c, 'steps');
    const timePerStep = c.f32('time per step');
    const step = c.f32('step size');
    c.skip(8, 'scan mode');
    const start = c.f32('start 2θ');
    c.skip(12, 'theta/khi/phi start');
    sample ??= c.str(32, 'sample name');
    const k1 = positiveOrUndefined(c.f32('Kα1'));
    const k2 = positiveOrUndefined(c.f32('Kα2'));
    if (k1) radiation.kAlpha1 = k1;
    if (k2) radiation.kAlpha2 = k2;
    c.skip(72, 'unused');
    following = c.u32('following range');
    ranges.push({ start, step, y: c.f32Array(steps, 'intensities'), timePerStep });
  }
  return { version: 1, ranges, radiation, ...(sample ? { sample } : {}), extra: {} };
}

function readV2(c: BinaryCursor): RawFile {
  c.seek(4);
  const rangeCount = c.u16('range count');
  c.seek(168);
  const date = c.str(20, 'date');
  const anode = c.str(2, 'anode');
  const radiation: Radiation = { probe: 'x-ray' };
  const k1 = positiveOrUndefined(c.f32('Kα1'));
  const k2 = positiveOrUndefined(c.f32('Kα2'));
  const ratio = c.f32('Kα2/Kα1 ratio');
  if (anode) radiation.anode = anode;
  if (k1) radiation.kAlpha1 = k1;
  if (k2) radiation.kAlpha2 = k2;
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) radiation.kAlpha2Ratio = ratio;
  c.seek(256);
  const ranges: RawRange[] = [];
  for (let r = 0; r < rangeCount; r++) {
    const headerStart = c.offset;
    const headerLen = c.u16('range header length');
    if (headerLen <= 48)
      throw new ParseError('range header too short', { file: c.fileName, offset: headerStart, field: 'range header length', found: String(headerLen) });
    const steps = c.u16('steps');
    c.skip(4);
    const timePerStep = c.f32('time per step');
    const step = c.f32('step size');
    const start = c.f32('start 2θ');
    c.seek(headerStart + headerLen, 'range data');
    checkSteps(steps, c, 'steps');
    ranges.push({ start, step, y: c.f32Array(steps, 'intensities'), timePerStep });
  }
  return { version: 2, ranges, radiation, ...(date ? { date } : {}), extra: {} };
}

function readV3(c: BinaryCursor): RawFile {
  c.seek(12);
  const rangeCount = c.u32('range count');
  const date = c.str(10, 'date');
  const time = c.str(10, 'time');
  c.seek(326);
  const sample = c.str(60, 'sample id');
  c.seek(608);
  const anode = c.str(4, 'anode');
  c.seek(616);
  c.f64('Kα average');
  const k1 = positiveOrUndefined(c.f64('Kα1'));
  const k2 = positiveOrUndefined(c.f64('Kα2'));
  const kb = positiveOrUndefined(c.f64('Kβ'));
  const ratio = c.f64('Kα2/Kα1 ratio');
  const radiation: Radiation = { probe: 'x-ray' };
  if (anode) radiation.anode = anode;
  if (k1) radiation.kAlpha1 = k1;
  if (k2) radiation.kAlpha2 = k2;
  if (kb) radiation.kBeta = kb;
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) radiation.kAlpha2Ratio = ratio;
  if (rangeCount < 1 || rangeCount > 10000)
    throw new ParseError('implausible number of ranges', { file: c.fileName, offset: 12, field: 'range count', found: String(rangeCount) });
  c.seek(712);
  const ranges: RawRange[] = [];
  for (let r = 0; r < rangeCount; r++) {
    const h = c.offset;
    const headerLen = c.u32('range header length');
    if (headerLen !== 304)
      throw new ParseError('unexpected range header length', {
        file: c.fileName,
        offset: h,
        field: 'range header length',
        expected: '304',
        found: String(headerLen),
      });
    const steps = c.u32('steps');
    c.seek(h + 16);
    const start = c.f64('start 2θ');
    c.seek(h + 176);
    const step = c.f64('step size');
    c.seek(h + 192);
    const timePerStep = c.f32('time per step');
    c.seek(h + 240);
    const wavelength = positiveOrUndefined(c.f64('used wavelength'));
    c.seek(h + 256);
    const supplementary = c.u32('supplementary header size');
    c.seek(h + 304);
    c.skip(supplementary, 'supplementary headers');
    checkSteps(steps, c, 'steps');
    ranges.push({ start, step, y: c.f32Array(steps, 'intensities'), timePerStep, ...(wavelength ? { wavelength } : {}) });
  }
  return { version: 3, ranges, radiation, ...(sample ? { sample } : {}), ...(date ? { date: `${date} ${time}` } : {}), extra: {} };
}

function readV4(c: BinaryCursor): RawFile {
  c.seek(12);
  const date = c.str(12, 'date');
  const time = c.str(10, 'time');
  c.seek(61);
  const radiation: Radiation = { probe: 'x-ray' };
  const extra: Record<string, unknown> = {};
  let type = c.u32('segment type');
  while (type !== 0 && type !== 160) {
    const segStart = c.offset - 4;
    const len = c.u32('segment length');
    if (len < 8) throw new ParseError('segment shorter than its header', { file: c.fileName, offset: segStart, field: 'segment length', found: String(len) });
    if (type === 10 && len >= 36) {
      c.seek(segStart + 12);
      const tag = c.str(24, 'tag name');
      const value = c.str(len - 36, 'tag value');
      if (tag) extra[tag] = value;
    } else if (type === 30 && len >= 120) {
      c.seek(segStart + 80);
      const k1 = positiveOrUndefined(c.f64('Kα1'));
      const k2 = positiveOrUndefined(c.f64('Kα2'));
      const kb = positiveOrUndefined(c.f64('Kβ'));
      const ratio = c.f64('Kα2/Kα1 ratio');
      c.seek(segStart + 116);
      const anode = c.str(4, 'anode');
      if (k1) radiation.kAlpha1 = k1;
      if (k2) radiation.kAlpha2 = k2;
      if (kb) radiation.kBeta = kb;
      if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) radiation.kAlpha2Ratio = ratio;
      if (anode) radiation.anode = anode;
    }
    c.seek(segStart + len, 'next segment');
    type = c.u32('segment type');
  }
  const ranges: RawRange[] = [];
  for (;;) {
    const r = c.offset - 4;
    c.seek(r + 32);
    const scanType = c.str(24, 'scan type');
    c.seek(r + 72);
    const start = c.f64('start angle');
    const step = c.f64('step size');
    const steps = c.u32('steps');
    const timePerStep = c.f32('time per step');
    c.seek(r + 112);
    const wavelength = positiveOrUndefined(c.f64('used wavelength'));
    c.seek(r + 136);
    const datumSize = c.u32('datum size');
    const hdrSize = c.u32('additional header size');
    c.seek(r + 160);
    c.skip(hdrSize, 'additional range headers');
    checkSteps(steps, c, 'steps');
    // A datum is a float32 intensity, optionally followed by a 4-byte flag (DIFFRAC.EVA writes 8).
    if (datumSize !== 4 && datumSize !== 8)
      throw new ParseError('unsupported datum size', {
        file: c.fileName,
        offset: r + 136,
        field: 'datum size',
        expected: '4 or 8 bytes',
        found: String(datumSize),
      });
    c.need(steps * datumSize, 'intensities');
    const y = new Float64Array(steps);
    for (let i = 0; i < steps; i++) y[i] = c.view.getFloat32(c.offset + i * datumSize, true);
    c.skip(steps * datumSize, 'intensities');
    ranges.push({ start, step, y, timePerStep, scanType, ...(wavelength ? { wavelength } : {}) });
    if (c.offset + 4 > c.length) break;
    type = c.u32('range marker');
    if (type !== 0 && type !== 160) break;
  }
  return { version: 4, ranges, radiation, ...(date ? { date: `${date} ${time}` } : {}), extra };
}

function rawDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // v3/v4 write MM/DD/YY or MM/DD/YYYY and HH:MM:SS.
  const m = /^(\d{2})\/(\d{2})\/(\d{2,4})\s+(\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (m) {
    const year = (m[3] as string).length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return `${year}-${m[1]}-${m[2]}T${m[4]}:${m[5]}:${m[6]}`;
  }
  return isoDate(text);
}

export function parseBrukerRaw(bytes: Uint8Array, fileName: string): RawFile {
  const c = new BinaryCursor(bytes, fileName);
  const magic = c.str(Math.min(7, bytes.length), 'magic');
  if (magic.startsWith('RAW4.00')) return readV4(c);
  if (magic.startsWith('RAW1.01')) return readV3(c);
  if (magic.startsWith('RAW2')) return readV2(c);
  if (magic.startsWith('RAW')) return readV1(c);
  throw new ParseError('not a Bruker RAW file', { file: fileName, offset: 0, expected: 'magic bytes RAW , RAW2, RAW1.01 or RAW4.00', found: magic });
}

export function readBrukerRaw(source: FileSource) {
  const raw = parseBrukerRaw(source.bytes, source.name);
  const range = raw.ranges.find((r) => !r.scanType || /coupled/i.test(r.scanType)) ?? raw.ranges[0];
  if (!range) throw new ParseError('no data range', { file: source.name, field: 'ranges' });
  const radiation = { ...raw.radiation };
  radiation.wavelength = radiation.kAlpha1 ?? range.wavelength;
  if (radiation.wavelength === undefined) delete radiation.wavelength;
  const date = rawDate(raw.date);
  return makePattern({
    x: regularAxis(range.start, range.step, range.y.length, source.name, 'range'),
    intensity: range.y,
    intensityUnit: looksLikeCounts(range.y) ? 'counts' : 'a.u.',
    ...(looksLikeCounts(range.y) ? { variances: 'poisson' as const } : {}),
    radiation,
    settings: range.timePerStep !== undefined && Number.isFinite(range.timePerStep) ? { timePerStep: { value: range.timePerStep, unit: 's' } } : {},
    meta: {
      ...(raw.sample ? { sample: { name: raw.sample } } : {}),
      ...(date ? { startTime: date, startTimeZone: 'unknown' as const } : {}),
      instrument: { manufacturer: 'Bruker' },
      source: { fileName: source.name, format: `Bruker RAW v${raw.version}` },
      extra: { ...raw.extra, ranges: raw.ranges.length },
    },
  });
}

export const brukerRawReader: ReaderContribution = {
  id: 'xrd.bruker-raw',
  name: 'Bruker/Siemens DIFFRAC RAW (.raw, v1–v4)',
  extensions: ['.raw'],
  kinds: [KIND_PATTERN],
  sniff({ head }) {
    if (head.length < 4) return Confidence.no;
    const magic = String.fromCharCode(...head.subarray(0, Math.min(7, head.length)));
    if (magic.startsWith('RAW4.00') || magic.startsWith('RAW1.01') || magic.startsWith('RAW2')) return Confidence.certain;
    return magic.startsWith('RAW ') ? Confidence.likely : Confidence.no;
  },
  read: (source) => readBrukerRaw(source),
};
