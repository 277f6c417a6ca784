/**
 * PalmSens PSTrace session (`.pssession`): UTF-16 LE JSON (often with a stray BOM at the end).
 * Each measurement has `EISDataList[].DataSet.Values[]`, arrays with a `Description`
 * (`Frequency`, `ZRe`, `ZIm`, `Z`, `Phase`, `Idc`, `potential`, `time`...), a `Unit` and
 * `DataValues: [{V}]`. PalmSens stores `ZIm` as −Z″ (positive for capacitive points); it is
 * negated here. Several EIS curves become a series.
 */
import { Confidence, type Dataset, type FileSource, type Metadata, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { type SpectrumArrays, spectrumOrSeries } from '../model/spectrum';
import { cleanSpectrum, parseError, sniffText } from './common';

interface PsArray {
  Description?: string;
  Unit?: { S?: string; Type?: string };
  DataValues?: { V?: number }[];
}

function decodeSession(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else if (bytes.length > 1 && bytes[1] === 0) text = new TextDecoder('utf-16le').decode(bytes);
  else text = new TextDecoder('utf-8').decode(bytes);
  // Trailing BOMs and NULs follow the JSON in PSTrace files.
  const end = text.lastIndexOf('}');
  return end >= 0 ? text.slice(0, end + 1) : text;
}

function values(a: PsArray | undefined): Float64Array | undefined {
  if (!a?.DataValues || !Array.isArray(a.DataValues)) return undefined;
  return Float64Array.from(a.DataValues, (d) => (typeof d?.V === 'number' ? d.V : Number.NaN));
}

export function readPalmSens(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  let session: any;
  try {
    session = JSON.parse(decodeSession(source.bytes));
  } catch (error) {
    throw parseError(file, `the session is not valid JSON: ${(error as Error).message}`, { expected: 'UTF-16 JSON written by PSTrace' });
  }
  const measurements = Array.isArray(session?.Measurements) ? session.Measurements : undefined;
  if (!measurements) throw parseError(file, 'no Measurements in the session', { field: 'Measurements', expected: 'an array of measurements' });
  const spectra: SpectrumArrays[] = [];
  let title: string | undefined;
  let device: string | undefined;
  for (const [mi, m] of measurements.entries()) {
    // The measurement's own DataSet is the data (pyimpspec reads the same); the EIS curves are
    // plot copies and are used only when the measurement has no impedance arrays.
    const curves = [m?.DataSet, ...(Array.isArray(m?.EISDataList) ? m.EISDataList.map((e: any) => e?.DataSet) : [])];
    let found = false;
    for (const ds of curves) {
      const arrays: PsArray[] = Array.isArray(ds?.Values) ? ds.Values : [];
      const find = (d: string) => arrays.find((a) => a?.Description === d);
      const f = values(find('Frequency'));
      const re = values(find('ZRe'));
      const im = values(find('ZIm'));
      if (!f || !re || !im || found) continue;
      found = true;
      if (f.length !== re.length || f.length !== im.length) {
        throw parseError(file, 'Frequency, ZRe and ZIm have different lengths', { field: `Measurements[${mi}].DataSet`, expected: 'arrays of equal length' });
      }
      const Zimag = im.map((v) => -v);
      const s: SpectrumArrays = { frequency: f, Zreal: re, Zimag };
      const t = values(find('time'));
      if (t && t.length === f.length) s.time = t;
      spectra.push(cleanSpectrum(s, ctx, file));
      title = title ?? m?.Title;
      device = device ?? m?.DeviceSerial;
    }
  }
  if (!spectra.length)
    throw parseError(file, 'no impedance curve in the session', { field: 'Measurements[].EISDataList', expected: 'Frequency, ZRe and ZIm arrays' });
  const meta: Metadata = {
    instrument: {
      manufacturer: 'PalmSens',
      software: 'PSTrace',
      ...(session.CoreVersion ? { softwareVersion: String(session.CoreVersion) } : {}),
      ...(device ? { serial: device } : {}),
    },
    source: { fileName: file, format: 'PalmSens .pssession' },
  };
  if (title) meta.title = title;
  return spectrumOrSeries(spectra, meta);
}

export const palmSensReader: ReaderContribution = {
  id: 'impedance.palmsens',
  name: 'PalmSens PSTrace session (.pssession)',
  extensions: ['.pssession'],
  kinds: [SPECTRUM_KIND, SERIES_KIND],
  sniff({ head, name }) {
    const text = sniffText(head, 4096);
    if (/PalmSens\.DataFiles\.SessionFile/.test(text)) return Confidence.certain;
    return name.toLowerCase().endsWith('.pssession') ? Confidence.plausible : Confidence.no;
  },
  read: (source, ctx) => readPalmSens(source, ctx),
};
