/**
 * AMETEK VersaStudio `.par`: INI-like sections in angle brackets (`<Application>`, `<Instrument>`,
 * `<Action1>`...), data in `<SegmentN>` sections whose `Definition=` line names the comma-separated
 * columns (`Frequency(Hz)`, `Z Real`, `Z Imag`, `E(V)`, `I(A)`, `Elapsed Time(s)`). Z Imag is
 * signed. Several EIS segments become a series.
 */
import { Confidence, type Dataset, type FileSource, type Metadata, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { type SpectrumArrays, spectrumOrSeries } from '../model/spectrum';
import { cleanSpectrum, fileText, isNumberToken, parseError, parseNumber, SpectrumBuilder, sniffText, textLines } from './common';

export function readVersaStudio(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const lines = textLines(fileText(source.bytes));
  const sections: Record<string, Record<string, string>> = {};
  const spectra: SpectrumArrays[] = [];
  let current: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const open = /^<([A-Za-z]+\d*)>$/.exec(line);
    if (open) {
      current = open[1];
      sections[current!] = {};
      if (/^Segment\d+$/.test(current!)) {
        const [spectrum, next] = readSegment(lines, i + 1, file, ctx);
        if (spectrum) spectra.push(spectrum);
        i = next;
        current = undefined;
      }
      continue;
    }
    if (/^<\/[A-Za-z]+\d*>$/.test(line)) {
      current = undefined;
      continue;
    }
    if (current) {
      const eq = line.indexOf('=');
      if (eq > 0) (sections[current] as Record<string, string>)[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  if (!sections.Application && !spectra.length)
    throw parseError(file, 'not a VersaStudio .par file', { line: 1, expected: '<Application> and <SegmentN> sections' });
  if (!spectra.length)
    throw parseError(file, 'no impedance segment found', { expected: 'a <SegmentN> whose Definition names Frequency(Hz), Z Real and Z Imag' });
  const app = sections.Application ?? {};
  const inst = sections.Instrument ?? {};
  const exp = sections.Experiment ?? {};
  const meta: Metadata = {
    instrument: {
      manufacturer: 'Princeton Applied Research (AMETEK)',
      ...(inst.Type ? { model: inst.Type } : {}),
      ...(inst.SN ? { serial: inst.SN } : {}),
      software: app.Name ?? 'VersaStudio',
      ...(app.Version ? { softwareVersion: app.Version } : {}),
      settings: sections.Action1 ?? {},
    },
    source: { fileName: file, format: `VersaStudio .par${app.Version ? ` ${app.Version}` : ''}` },
    extra: { experiment: exp, ...(sections.Action0 ? { common: sections.Action0 } : {}) },
  };
  if (sections.Action1?.Name) meta.title = sections.Action1.Name;
  const date = exp.DateAcquired ? Date.parse(`${exp.DateAcquired.replace(/^\w+,\s*/, '')} ${exp.TimeAcquired ?? ''}`) : Number.NaN;
  if (Number.isFinite(date)) {
    const d = new Date(date);
    const pad = (n: number) => String(n).padStart(2, '0');
    meta.startTime = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    meta.startTimeZone = 'unknown';
  }
  return spectrumOrSeries(spectra, meta);
}

function readSegment(lines: string[], from: number, file: string, ctx?: ReadContext): [SpectrumArrays | undefined, number] {
  let i = from;
  let names: string[] = [];
  const rows: string[][] = [];
  for (; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (/^<\/Segment\d+>$/.test(line)) break;
    if (line.startsWith('Definition='))
      names = line
        .slice('Definition='.length)
        .split(',')
        .map((s) => s.trim());
    else if (names.length && /^[-+\d.]/.test(line)) rows.push(line.split(','));
  }
  const fi = names.indexOf('Frequency(Hz)');
  const rei = names.indexOf('Z Real');
  const imi = names.indexOf('Z Imag');
  if (fi < 0 || rei < 0 || imi < 0) return [undefined, i];
  const ti = names.indexOf('Elapsed Time(s)');
  const ei = names.indexOf('E(V)');
  const ii = names.indexOf('I(A)');
  const b = new SpectrumBuilder();
  rows.forEach((tokens, r) => {
    if (tokens.length <= Math.max(fi, rei, imi) || !isNumberToken(tokens[fi]) || !isNumberToken(tokens[rei]) || !isNumberToken(tokens[imi])) {
      throw parseError(file, 'a segment row is incomplete', {
        line: from + r + 1,
        expected: `${names.length} comma-separated values`,
        found: tokens.join(',').slice(0, 60),
      });
    }
    b.add(parseNumber(tokens[fi]), parseNumber(tokens[rei]), parseNumber(tokens[imi]), {
      ...(ti >= 0 ? { time: parseNumber(tokens[ti]) } : {}),
      ...(ei >= 0 ? { Ewe: parseNumber(tokens[ei]) } : {}),
      ...(ii >= 0 ? { I: parseNumber(tokens[ii]) } : {}),
    });
  });
  return [cleanSpectrum(b.build(), ctx, file), i];
}

export const versaStudioReader: ReaderContribution = {
  id: 'impedance.versastudio',
  name: 'VersaStudio data file (.par)',
  extensions: ['.par'],
  kinds: [SPECTRUM_KIND, SERIES_KIND],
  sniff({ head, name }) {
    const text = sniffText(head, 4096);
    if (/^\s*<Application>/.test(text) && /Name=VersaStudio/.test(text)) return Confidence.certain;
    return name.toLowerCase().endsWith('.par') && /<Segment\d+>/.test(text) ? Confidence.plausible : Confidence.no;
  },
  read: (source, ctx) => readVersaStudio(source, ctx),
};
