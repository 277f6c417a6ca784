/**
 * Gamry Framework data file (`.DTA`): `EXPLAIN`, then `TAG\tEISPOT` (or EISGALV), header lines
 * `NAME\tTYPE\tVALUE\tdescription`, and tables introduced by `NAME\tTABLE[\tcount]` followed by a
 * column-name row, a unit row and tab-indented data rows. The impedance is the `ZCURVE` table
 * (`Freq`, `Zreal`, `Zimag` signed, `Time`, `Idc`, `Vdc`). Drift-corrected files carry
 * `ZrealDrCor`/`ZimagDrCor`, which are used when present. Aborted experiments end the table early
 * (`EXPERIMENTABORTED T`); the points measured so far are returned with a warning. European
 * installations write decimal commas.
 */
import { Confidence, type Dataset, type FileSource, type Metadata, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { type SpectrumArrays, spectrumOrSeries } from '../model/spectrum';
import { cleanSpectrum, fileText, isNumberToken, parseError, parseNumber, SpectrumBuilder, sniffText, textLines } from './common';

/** Gamry writes the date as the Windows locale does; M/D/YYYY and DD-MM-YYYY are common. */
function gamryDate(date: string | undefined, time: string | undefined): string | undefined {
  if (!date) return undefined;
  let y: string | undefined;
  let mo: string | undefined;
  let d: string | undefined;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
  if (m) [, mo, d, y] = m;
  const dash = /^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$/.exec(date);
  if (!m && dash) [, d, mo, y] = dash;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (iso) [, y, mo, d] = iso;
  if (!y || !mo || !d || Number(mo) > 12 || Number(d) > 31) return undefined;
  const t = time && /^\d{1,2}:\d{2}:\d{2}$/.test(time) ? time.padStart(8, '0') : '00:00:00';
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}T${t}`;
}

export function readGamryDta(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const lines = textLines(fileText(source.bytes));
  if ((lines[0] ?? '').trim() !== 'EXPLAIN') throw parseError(file, 'not a Gamry .DTA file', { line: 1, expected: 'EXPLAIN', found: lines[0] ?? '' });
  const header: Record<string, string> = {};
  const spectra: SpectrumArrays[] = [];
  let aborted = false;
  let tag = '';
  let i = 1;
  while (i < lines.length) {
    const line = lines[i] as string;
    const parts = line.split('\t');
    const name = parts[0] ?? '';
    if (name && parts[1] === 'TABLE') {
      if (/^ZCURVE/.test(name)) {
        const [spectrum, next] = readZCurve(lines, i, file, ctx);
        spectra.push(spectrum);
        i = next;
        continue;
      }
      // Skip other tables (OCVCURVE, FRACURVE...): their rows start with a tab.
      i++;
      while (i < lines.length && (lines[i] as string).startsWith('\t')) i++;
      continue;
    }
    if (name && !line.startsWith('\t')) {
      if (name === 'TAG') tag = parts[1] ?? '';
      if (name === 'EXPERIMENTABORTED' && parts[2] === 'T') aborted = true;
      if (!(name in header) && parts.length >= 3) header[name] = (parts[2] ?? '').trim();
    }
    i++;
  }
  if (!spectra.length)
    throw parseError(file, 'the file has no ZCURVE table', { expected: 'a ZCURVE TABLE with Freq, Zreal and Zimag columns', field: 'ZCURVE' });
  if (aborted) ctx?.logger.warn(`${file}: the experiment was aborted; ${spectra.reduce((n, s) => n + s.frequency.length, 0)} points were measured`);
  const meta: Metadata = {
    title: header.TITLE,
    instrument: {
      manufacturer: 'Gamry',
      ...(header.PSTAT ? { model: header.PSTAT } : {}),
      software: 'Gamry Framework',
      ...(header.FRAMEWORKVERSION ? { softwareVersion: header.FRAMEWORKVERSION } : {}),
    },
    source: { fileName: file, format: `Gamry DTA ${tag}`.trim() },
    extra: { ...header, ...(aborted ? { aborted: true } : {}) },
  };
  const start = gamryDate(header.DATE, header.TIME);
  if (start) {
    meta.startTime = start;
    meta.startTimeZone = 'unknown';
  }
  const vdc = parseNumber(header.VDC);
  if (Number.isFinite(vdc)) meta.operando = { potential: { value: vdc, unit: 'V' } };
  return spectrumOrSeries(spectra, meta);
}

function readZCurve(lines: string[], at: number, file: string, ctx?: ReadContext): [SpectrumArrays, number] {
  const names = (lines[at + 1] ?? '').split('\t').map((s) => s.trim());
  const col = (n: string) => names.indexOf(n);
  const drift = col('ZrealDrCor') >= 0 && col('ZimagDrCor') >= 0;
  const fi = col('Freq');
  const rei = drift ? col('ZrealDrCor') : col('Zreal');
  const imi = drift ? col('ZimagDrCor') : col('Zimag');
  if (fi < 0 || rei < 0 || imi < 0) {
    throw parseError(file, 'the ZCURVE table lacks the impedance columns', {
      line: at + 2,
      expected: 'Freq, Zreal and Zimag',
      found: names.join(', ').slice(0, 80),
    });
  }
  const ti = col('Time');
  const vi = col('Vdc');
  const ii = col('Idc');
  const b = new SpectrumBuilder();
  let i = at + 3;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith('\t')) break;
    const tokens = line.split('\t');
    if (tokens.length <= Math.max(fi, rei, imi) || !isNumberToken(tokens[fi])) {
      throw parseError(file, 'a ZCURVE row is incomplete', { line: i + 1, expected: `${names.length - 1} tab-separated values`, found: line.slice(0, 60) });
    }
    const num = (k: number) => (k >= 0 ? parseNumber(tokens[k]) : undefined);
    b.add(num(fi)!, num(rei)!, num(imi)!, {
      ...(ti >= 0 ? { time: num(ti) } : {}),
      ...(vi >= 0 ? { Ewe: num(vi) } : {}),
      ...(ii >= 0 ? { I: num(ii) } : {}),
    });
  }
  return [cleanSpectrum(b.build(), ctx, file), i];
}

export const gamryDtaReader: ReaderContribution = {
  id: 'impedance.gamry-dta',
  name: 'Gamry Framework data file (.DTA)',
  description: 'EISPOT/EISGALV files with a ZCURVE table; drift-corrected and aborted files included.',
  extensions: ['.dta'],
  kinds: [SPECTRUM_KIND, SERIES_KIND],
  sniff({ head }) {
    const text = sniffText(head, 65536);
    if (!/^EXPLAIN\r?\n/.test(text)) return Confidence.no;
    if (/\nZCURVE\tTABLE/.test(text) || /\nTAG\tEIS/.test(text)) return Confidence.certain;
    return 0.3;
  },
  read: (source, ctx) => readGamryDta(source, ctx),
};
