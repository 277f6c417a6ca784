/**
 * Bruker DIFFRAC.SUITE `.brml`: a ZIP with `Experiment0/RawData0.xml`. Each `<Datum>` is a
 * comma-separated row: measured time per step, a flag, the scan-axis positions in the order of
 * `<ScanAxisInfo>` (2θ first for coupled scans), then the counts. Wavelengths and anode come from
 * the `<WaveLengthAlpha1/2>`, `<WaveLengthRatio>` and `<TubeMaterial>` elements.
 */
import { Confidence, decodeText, type FileSource, ParseError, type ReaderContribution } from '@ionscope/core';
import { descendant, descendants, parseXml } from '../io/xml';
import { findEntry, isZip, unzip, zipNamesInHead } from '../io/zip';
import { KIND_PATTERN, makePattern, type Radiation } from '../kinds';
import { extensionOf, isoDate } from './common';

export function readBrml(source: FileSource) {
  const file = source.name;
  const entries = unzip(source.bytes, file);
  const raw = findEntry(entries, /(^|\/)RawData0\.xml$/i) ?? findEntry(entries, /RawData\d*\.xml$/i);
  if (!raw) throw new ParseError('no Experiment0/RawData0.xml in the archive', { file, field: 'RawData0.xml' });
  const where = `${file}:${raw[0]}`;
  const doc = parseXml(decodeText(raw[1]), where);
  const axes = descendants(doc, 'ScanAxisInfo').map((a) => a.attrs.AxisId ?? a.attrs.AxisName ?? '');
  const twoThetaAxis = Math.max(
    0,
    axes.findIndex((a) => /^2?TwoTheta$|^2Theta$/i.test(a)),
  );
  const data = descendants(doc, 'Datum');
  if (!data.length) throw new ParseError('no <Datum> rows', { file: where, field: 'Datum' });
  const n = data.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = (data[i]?.text ?? '').split(',').map(Number);
    const xi = t[2 + twoThetaAxis];
    const yi = t[t.length - 1];
    if (t.length < 3 + axes.length || xi === undefined || yi === undefined || !Number.isFinite(xi) || !Number.isFinite(yi)) {
      throw new ParseError(`<Datum> ${i + 1} is not "time,flag,positions...,counts"`, { file: where, field: 'Datum', found: data[i]?.text.slice(0, 40) });
    }
    x[i] = xi;
    y[i] = yi;
  }
  const radiation: Radiation = { probe: 'x-ray' };
  const attr = (name: string) => {
    const el = descendant(doc, name);
    const v = Number(el?.attrs.Value);
    return el && Number.isFinite(v) && v > 0 ? v : undefined;
  };
  const k1 = attr('WaveLengthAlpha1');
  const k2 = attr('WaveLengthAlpha2');
  const kb = attr('WaveLengthBeta');
  const ratio = attr('WaveLengthRatio');
  if (k1) radiation.kAlpha1 = k1;
  if (k2) radiation.kAlpha2 = k2;
  if (kb) radiation.kBeta = kb;
  if (ratio !== undefined) radiation.kAlpha2Ratio = ratio;
  if (k1) radiation.wavelength = k1;
  let anode = descendant(doc, 'TubeMaterial')?.attrs.Value;
  if (!anode) {
    // The tube is described in the instruction container rather than in the raw data.
    const instructions = findEntry(entries, /InstructionContainer\.xml$/i);
    if (instructions) anode = /<TubeMaterial\s+Value="([A-Za-z]{1,2})"/.exec(decodeText(instructions[1]))?.[1];
  }
  if (anode) radiation.anode = anode;
  const started = descendant(doc, 'TimeStampStarted')?.text.trim();
  const startTime = isoDate(started);
  const tps = Number(descendant(doc, 'TimePerStep')?.text);
  return makePattern({
    x,
    intensity: y,
    intensityUnit: 'counts',
    variances: 'poisson',
    radiation,
    settings: Number.isFinite(tps) ? { timePerStep: { value: tps, unit: 's' } } : {},
    meta: {
      ...(startTime ? { startTime, startTimeZone: /[+-]\d{2}:\d{2}$|Z$/.test(started ?? '') ? ('given' as const) : ('unknown' as const) } : {}),
      instrument: { manufacturer: 'Bruker' },
      source: { fileName: file, format: 'Bruker BRML' },
    },
  });
}

export const brmlReader: ReaderContribution = {
  id: 'xrd.brml',
  name: 'Bruker DIFFRAC.SUITE BRML (.brml, zip)',
  extensions: ['.brml'],
  kinds: [KIND_PATTERN],
  sniff({ head, name }) {
    if (!isZip(head)) return Confidence.no;
    if (/Experiment0\/|RawData0\.xml/.test(zipNamesInHead(head))) return Confidence.certain;
    return extensionOf(name) === '.brml' ? Confidence.plausible : Confidence.no;
  },
  read: (source) => readBrml(source),
};
