/**
 * PANalytical XRDML (versions 1.0–2.x): XML with `<usedWavelength>` (Kα1, Kα2, Kβ, ratio),
 * `<xRayTube><anodeMaterial>`, and one or more `<scan>`s whose `<dataPoints>` hold
 * `<positions axis="2Theta">` (start/end or `<listPositions>`), `<commonCountingTime>` or per-point
 * `<countingTimes>`, optional `<beamAttenuationFactors>`, and `<counts>` (raw, older files) or
 * `<intensities>` (newer files).
 *
 * Attenuation is applied exactly once: `<intensities>` already include the beam attenuation
 * factors (XRDML schema 1.5+), so only raw `<counts>` are multiplied by them. Variances follow
 * Poisson statistics of the raw counts: σ²(I) = I·f where I = counts·f.
 * Several scans on the same number of points become an `xrd.series` (time = scan start).
 */
import { Confidence, createDataset, explicitCoord, type FileSource, ParseError, type ReaderContribution, regularCoord, variable } from '@ionscope/core';
import { KIND_PATTERN, KIND_SERIES, makePattern, type Radiation, radiationSettings } from '../kinds';
import { child, children, descendant, descendants, numberList, numberText, parseXml, type XmlElement } from '../io/xml';
import { extensionOf, isoDate, sniffText, textOf } from './common';

interface XrdmlScan {
  x: Float64Array;
  y: Float64Array;
  variances: Float64Array;
  unit: string;
  start?: string;
  countingTime?: number;
  countingTimes?: Float64Array;
}

function readScan(scan: XmlElement, file: string, index: number): XrdmlScan {
  const dp = child(scan, 'dataPoints');
  if (!dp) throw new ParseError(`scan ${index + 1} has no <dataPoints>`, { file, field: 'dataPoints' });
  const intensityEl = child(dp, 'intensities') ?? child(dp, 'counts');
  if (!intensityEl) throw new ParseError(`scan ${index + 1} has neither <intensities> nor <counts>`, { file, field: 'dataPoints' });
  const raw = numberList(intensityEl, file);
  const n = raw.length;
  if (n === 0) throw new ParseError(`scan ${index + 1} has no data points`, { file, field: intensityEl.name });
  const positions = children(dp, 'positions');
  const axisPos = positions.find((p) => p.attrs.axis === '2Theta') ?? positions.find((p) => /2theta|gonio/i.test(p.attrs.axis ?? '')) ?? positions[0];
  if (!axisPos) throw new ParseError(`scan ${index + 1} has no <positions>`, { file, field: 'positions' });
  let x: Float64Array;
  const list = child(axisPos, 'listPositions');
  if (list) {
    x = numberList(list, file);
    if (x.length !== n) throw new ParseError(`${x.length} positions for ${n} intensities`, { file, field: 'listPositions' });
  } else {
    const start = numberText(child(axisPos, 'startPosition'));
    const end = numberText(child(axisPos, 'endPosition'));
    if (start === undefined || end === undefined)
      throw new ParseError('positions without start/end or list', {
        file,
        field: 'positions',
        expected: '<startPosition> and <endPosition>, or <listPositions>',
      });
    x = new Float64Array(n);
    const step = n > 1 ? (end - start) / (n - 1) : 0;
    for (let i = 0; i < n; i++) x[i] = start + i * step;
  }
  const attEl = child(dp, 'beamAttenuationFactors');
  const att = attEl ? numberList(attEl, file) : undefined;
  if (att && att.length !== n) throw new ParseError(`${att.length} attenuation factors for ${n} points`, { file, field: 'beamAttenuationFactors' });
  const y = new Float64Array(n);
  const variances = new Float64Array(n);
  const alreadyCorrected = intensityEl.name === 'intensities';
  for (let i = 0; i < n; i++) {
    const f = att ? (att[i] as number) : 1;
    const v = raw[i] as number;
    y[i] = alreadyCorrected ? v : v * f;
    variances[i] = Math.max(y[i] as number, 1) * f;
  }
  const timesEl = child(dp, 'countingTimes');
  const countingTimes = timesEl ? numberList(timesEl, file) : undefined;
  const common = numberText(child(dp, 'commonCountingTime'));
  const start = isoDate(descendant(scan, 'startTimeStamp')?.text);
  return {
    x,
    y,
    variances,
    unit: /cps|per second/i.test(intensityEl.attrs.unit ?? '') ? 'counts/s' : 'counts',
    ...(start ? { start } : {}),
    ...(common !== undefined ? { countingTime: common } : {}),
    ...(countingTimes ? { countingTimes } : {}),
  };
}

export function readXrdml(source: FileSource) {
  const file = source.name;
  const doc = parseXml(textOf(source), file);
  const root = child(doc, 'xrdMeasurements');
  if (!root) throw new ParseError('not an XRDML file', { file, expected: 'a root element <xrdMeasurements>' });
  const version = /XRDMeasurement\/([\d.]+)/.exec(root.attrs.xmlns ?? '')?.[1];
  const measurement = child(root, 'xrdMeasurement');
  if (!measurement) throw new ParseError('no <xrdMeasurement>', { file, field: 'xrdMeasurement' });
  const wl = child(measurement, 'usedWavelength');
  const radiation: Radiation = { probe: 'x-ray' };
  const k1 = numberText(child(wl, 'kAlpha1'));
  const k2 = numberText(child(wl, 'kAlpha2'));
  const kb = numberText(child(wl, 'kBeta'));
  const ratio = numberText(child(wl, 'ratioKAlpha2KAlpha1'));
  if (k1 !== undefined) radiation.kAlpha1 = k1;
  if (k2 !== undefined) radiation.kAlpha2 = k2;
  if (kb !== undefined) radiation.kBeta = kb;
  if (ratio !== undefined) radiation.kAlpha2Ratio = ratio;
  const intended = wl?.attrs.intended ?? '';
  radiation.wavelength = /beta/i.test(intended) && kb ? kb : /alpha 2/i.test(intended) && k2 ? k2 : k1;
  if (radiation.wavelength === undefined) delete radiation.wavelength;
  const anode = descendant(measurement, 'anodeMaterial')?.text.trim();
  if (anode) radiation.anode = anode;
  const scans = descendants(root, 'scan').map((s, i) => readScan(s, file, i));
  if (!scans.length) throw new ParseError('no <scan>', { file, field: 'scan' });
  const sample = child(root, 'sample');
  const sampleName = child(sample, 'name')?.text.trim() || child(sample, 'id')?.text.trim();
  const first = scans[0] as XrdmlScan;
  const settings: Record<string, unknown> = {};
  if (first.countingTime !== undefined) settings.countingTime = { value: first.countingTime, unit: 's' };
  const tube = descendant(measurement, 'xRayTube');
  const tension = numberText(child(tube, 'tension'));
  const current = numberText(child(tube, 'current'));
  if (tension !== undefined) settings.tension = { value: tension, unit: 'kV' };
  if (current !== undefined) settings.current = { value: current, unit: 'mA' };
  const meta = {
    ...(sampleName ? { sample: { name: sampleName } } : {}),
    ...(first.start
      ? {
          startTime: first.start,
          startTimeZone: /[Z+-]\d{0,2}:?\d{0,2}$/.test(first.start) && /T.*[Z+-]/.test(first.start) ? ('given' as const) : ('unknown' as const),
        }
      : {}),
    instrument: { manufacturer: 'PANalytical', ...(tube?.attrs.name ? { model: tube.attrs.name } : {}) },
    source: { fileName: file, format: `XRDML ${version ?? ''}`.trim() },
  };
  const sameGrid = scans.length > 1 && scans.every((s) => s.y.length === first.y.length);
  if (!sameGrid) {
    const ds = makePattern({ x: first.x, intensity: first.y, intensityUnit: first.unit, variances: first.variances, radiation, settings, meta });
    if (first.countingTimes) ds.data.countingTime = variable(['twoTheta'], first.countingTimes, 's');
    if (scans.length > 1) ds.meta.extra = { ...(ds.meta.extra ?? {}), scansInFile: scans.length, note: 'scans of different lengths: the first is read' };
    return ds;
  }
  const n = first.y.length;
  const m = scans.length;
  const values = new Float64Array(m * n);
  const variances = new Float64Array(m * n);
  const time = new Float64Array(m);
  const t0 = first.start ? Date.parse(first.start) : Number.NaN;
  scans.forEach((s, k) => {
    values.set(s.y, k * n);
    variances.set(s.variances, k * n);
    const t = s.start ? Date.parse(s.start) : Number.NaN;
    time[k] = Number.isFinite(t) && Number.isFinite(t0) ? (t - t0) / 1000 : k;
  });
  return createDataset({
    kind: KIND_SERIES,
    signal: 'intensity',
    data: { intensity: variable(['scan', 'twoTheta'], values, first.unit, { shape: [m, n], variances }) },
    coords: {
      twoTheta: explicitCoord('twoTheta', first.x, '°', { label: '2θ' }),
      time: explicitCoord('scan', time, 's', { label: 'time' }),
      scan: regularCoord('scan', 0, 1, m, ''),
    },
    meta: { ...meta, instrument: { ...meta.instrument, settings: { ...settings, ...radiationSettings(radiation) } } },
  });
}

export const xrdmlReader: ReaderContribution = {
  id: 'xrd.xrdml',
  name: 'PANalytical XRDML (.xrdml)',
  extensions: ['.xrdml'],
  kinds: [KIND_PATTERN, KIND_SERIES],
  sniff(input) {
    const text = sniffText(input, 4096);
    if (/<xrdMeasurements\b/.test(text)) return Confidence.certain;
    return extensionOf(input.name) === '.xrdml' && text.includes('<?xml') ? Confidence.plausible : Confidence.no;
  },
  read: (source) => readXrdml(source),
};
