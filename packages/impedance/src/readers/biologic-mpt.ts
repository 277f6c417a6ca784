/**
 * BioLogic EC-Lab text export (`.mpt`): an `EC-Lab ASCII FILE` banner, `Nb header lines : N`, a
 * free-form header (technique, device, software version, the technique's parameter table), then a
 * tab-separated table whose first row names the columns (`freq/Hz`, `Re(Z)/Ohm`, `-Im(Z)/Ohm`,
 * `time/s`, `<Ewe>/V`, `<I>/mA`, `cycle number`...). EC-Lab in European locales writes decimal
 * commas. Several spectra in one file are split by `cycle number`, or by frequency sweep when the
 * cycle number does not change. Z″ is stored as −Im(Z) and negated here.
 */
import { Confidence, type Dataset, type FileSource, type Metadata, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { type SpectrumArrays, spectrumOrSeries } from '../model/spectrum';
import { cleanSpectrum, currentScale, fileText, parseError, parseNumber, SpectrumBuilder, sniffText, splitByRuns, splitSweeps, textLines } from './common';

const BANNER = /^(EC-Lab|BT-Lab) ASCII FILE/;

/** Finds a column by exact name or by a test on the name. */
function findColumn(names: string[], ...candidates: (string | RegExp)[]): number {
  for (const c of candidates) {
    const i = names.findIndex((n) => (typeof c === 'string' ? n === c : c.test(n)));
    if (i >= 0) return i;
  }
  return -1;
}

/** EC-Lab writes `MM/DD/YYYY HH:MM:SS` (US order) in its headers. */
function ecLabDate(text: string): string | undefined {
  const m = /(\d{2})\/(\d{2})\/(\d{4})\s+(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(text);
  if (!m) return undefined;
  return `${m[3]}-${m[1]}-${m[2]}T${m[4]}:${m[5]}:${m[6]}`;
}

/** Reads the header block into metadata: technique, device, software, settings, acquisition start. */
function headerMetadata(lines: string[]): Metadata {
  const extra: Record<string, unknown> = {};
  const settings: Record<string, string> = {};
  const meta: Metadata = {};
  let technique: string | undefined;
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    if (!trimmed) continue;
    if (!technique && !trimmed.includes(':') && !/\s{2,}/.test(trimmed)) {
      technique = trimmed;
      continue;
    }
    const kv = /^([^:]+?)\s+:\s*(.*)$/.exec(trimmed);
    if (kv) {
      const key = (kv[1] as string).trim();
      const value = (kv[2] as string).trim();
      if (!(key in extra)) extra[key] = value;
      continue;
    }
    // The technique parameter table: a name padded to 20 columns, then the value(s).
    const table = /^(.{1,20}?)\s{2,}(.+)$/.exec(line);
    if (table) settings[(table[1] as string).trim()] = (table[2] as string).trim();
    const software = /^(EC-Lab|BT-Lab) for windows v(\S+) \(software\)/.exec(trimmed);
    if (software) meta.instrument = { ...(meta.instrument ?? {}), software: software[1], softwareVersion: software[2] };
  }
  const device = typeof extra.Device === 'string' ? extra.Device : undefined;
  if (device) {
    const m = /^(.*?)\s*\(SN\s*([^)]*)\)/.exec(device);
    meta.instrument = { ...(meta.instrument ?? {}), manufacturer: 'BioLogic', model: m ? m[1] : device, ...(m?.[2] ? { serial: m[2] } : {}) };
  }
  if (Object.keys(settings).length) meta.instrument = { ...(meta.instrument ?? { manufacturer: 'BioLogic' }), settings };
  const started = (extra['Acquisition started on'] ?? extra['Technique started on']) as string | undefined;
  const iso = started ? ecLabDate(started) : undefined;
  if (iso) {
    meta.startTime = iso;
    meta.startTimeZone = 'unknown';
  }
  if (technique) meta.title = technique;
  if (typeof extra['Electrode material'] === 'string' && extra['Electrode material']) meta.sample = { description: String(extra['Electrode material']) };
  meta.extra = extra;
  return meta;
}

export interface MptTable {
  names: string[];
  rows: number;
  columns: Float64Array[];
  firstDataLine: number;
}

/** Parses the tab-separated table after the header (column names on the first line). */
export function parseMptTable(lines: string[], headerLine: number, file: string): MptTable {
  const names = (lines[headerLine] ?? '').split('\t').map((s) => s.trim());
  while (names.length && names[names.length - 1] === '') names.pop();
  if (names.length < 2) {
    throw parseError(file, 'the column header line is missing', { line: headerLine + 1, expected: 'tab-separated column names such as freq/Hz' });
  }
  const cols = names.map(() => [] as number[]);
  let rows = 0;
  for (let i = headerLine + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const tokens = line.split('\t');
    if (tokens.length < names.length) {
      // A truncated last line (file copied while EC-Lab was writing) is skipped; elsewhere it is an error.
      if (i >= lines.length - 2) break;
      throw parseError(file, `a data row has ${tokens.length} fields for ${names.length} columns`, { line: i + 1, found: line.slice(0, 60) });
    }
    for (let c = 0; c < names.length; c++) {
      const v = parseNumber(tokens[c]);
      if (Number.isNaN(v) && !/^\s*nan\s*$/i.test(tokens[c] ?? '')) {
        throw parseError(file, `"${tokens[c]}" is not a number`, { line: i + 1, field: names[c], expected: 'a number' });
      }
      (cols[c] as number[]).push(v);
    }
    rows++;
  }
  return { names, rows, columns: cols.map((c) => Float64Array.from(c)), firstDataLine: headerLine + 2 };
}

/** Reads the impedance columns of an EC-Lab table into spectra (split by cycle or sweep). */
export function impedanceFromTable(table: MptTable, file: string, ctx: ReadContext | undefined): { spectra: SpectrumArrays[]; cycles?: number[] } {
  const { names, columns } = table;
  const fi = findColumn(names, 'freq/Hz', /^freq/i);
  const rei = findColumn(names, 'Re(Z)/Ohm', /^Re\(Z\)/);
  const mimi = findColumn(names, '-Im(Z)/Ohm', /^-Im\(Z\)/);
  const modi = findColumn(names, '|Z|/Ohm', /^\|Z\|/);
  const phi = findColumn(names, 'Phase(Z)/deg', /^Phase\(Z\)/);
  if (fi < 0 || ((rei < 0 || mimi < 0) && (modi < 0 || phi < 0))) {
    throw parseError(file, 'this EC-Lab file has no impedance columns', {
      field: 'column header',
      expected: 'freq/Hz with Re(Z)/Ohm and -Im(Z)/Ohm (or |Z|/Ohm and Phase(Z)/deg)',
      found: names.slice(0, 6).join(', '),
    });
  }
  const ti = findColumn(names, 'time/s');
  const ei = findColumn(names, '<Ewe>/V', 'Ewe/V', /^<Ewe>/);
  const ii = findColumn(names, '<I>/mA', 'I/mA', /^<I>\//);
  const ci = findColumn(names, 'cycle number', 'z cycle');
  const iScale = ii >= 0 ? currentScale((names[ii] as string).split('/')[1] ?? 'mA') : 1;
  const b = new SpectrumBuilder();
  const col = (k: number) => columns[k] as Float64Array;
  for (let r = 0; r < table.rows; r++) {
    let re: number;
    let im: number;
    if (rei >= 0 && mimi >= 0) {
      re = col(rei)[r] as number;
      im = -(col(mimi)[r] as number);
    } else {
      const mod = col(modi)[r] as number;
      const ph = ((col(phi)[r] as number) * Math.PI) / 180;
      re = mod * Math.cos(ph);
      im = mod * Math.sin(ph);
    }
    b.add(col(fi)[r] as number, re, im, {
      ...(ti >= 0 ? { time: col(ti)[r] } : {}),
      ...(ei >= 0 ? { Ewe: col(ei)[r] } : {}),
      ...(ii >= 0 ? { I: (col(ii)[r] as number) * iScale } : {}),
      ...(ci >= 0 ? { cycle: col(ci)[r] } : {}),
    });
  }
  const all = cleanSpectrum(b.build(), ctx, file);
  if (all.frequency.length === 0) throw parseError(file, 'no impedance points found (every row has frequency 0)', { expected: 'rows with freq/Hz > 0' });
  if (all.cycle) {
    const runs = splitByRuns(all, all.cycle);
    if (runs.spectra.length > 1) return { spectra: runs.spectra, cycles: runs.labels.map((c) => Math.round(c)) };
    const sweeps = splitSweeps(all);
    return { spectra: sweeps, ...(sweeps.length === 1 ? { cycles: runs.labels.map((c) => Math.round(c)) } : {}) };
  }
  return { spectra: splitSweeps(all) };
}

export function readBiologicMpt(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const lines = textLines(fileText(source.bytes));
  let headerCount = 1;
  let meta: Metadata = {};
  if (BANNER.test(lines[0] ?? '')) {
    const m = /Nb header lines\s*:\s*(\d+)/.exec(lines[1] ?? '');
    if (!m) throw parseError(file, 'the header line count is missing', { line: 2, expected: 'Nb header lines : N', found: lines[1] ?? '' });
    headerCount = Number(m[1]);
    if (headerCount < 3 || headerCount > lines.length) {
      throw parseError(file, `the header claims ${headerCount} lines but the file has ${lines.length}`, {
        line: 2,
        expected: 'a header shorter than the file',
      });
    }
    meta = headerMetadata(lines.slice(0, headerCount - 1));
    meta.source = { fileName: file, format: `EC-Lab ASCII${meta.instrument?.softwareVersion ? ` ${meta.instrument.softwareVersion}` : ''}` };
  } else if (!/^freq\/Hz\t/.test(lines[0] ?? '')) {
    throw parseError(file, 'not an EC-Lab text export', { line: 1, expected: '"EC-Lab ASCII FILE" or a freq/Hz column header', found: lines[0] ?? '' });
  }
  const table = parseMptTable(lines, headerCount - 1, file);
  const { spectra, cycles } = impedanceFromTable(table, file, ctx);
  return spectrumOrSeries(spectra, meta, cycles ? { cycles } : {});
}

export const biologicMptReader: ReaderContribution = {
  id: 'impedance.biologic-mpt',
  name: 'BioLogic EC-Lab text export (.mpt)',
  description: 'PEIS/GEIS/ZIR exports with the EC-Lab header; several cycles become an impedance.series.',
  extensions: ['.mpt'],
  kinds: [SPECTRUM_KIND, SERIES_KIND],
  sniff({ head, name }) {
    const text = sniffText(head, 65536);
    if (BANNER.test(text)) return /freq\/Hz/.test(text) ? Confidence.certain : 0.3;
    if (/^freq\/Hz\tRe\(Z\)/.test(text)) return Confidence.likely;
    return name.toLowerCase().endsWith('.mpt') ? 0.1 : Confidence.no;
  },
  read: (source, ctx) => readBiologicMpt(source, ctx),
};
