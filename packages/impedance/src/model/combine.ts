/**
 * Several files of one operando experiment (one spectrum per file, or several) combined into one
 * `impedance.series`, in the order given (the app sorts file names naturally). Each spectrum's
 * start time is placed on one timeline: the file's absolute start time (`meta.startTime`) relative
 * to the first file's, plus the spectrum's own first time stamp when the file has a time column.
 */
import type { Dataset, FileSource, ReadContext, ReaderContribution } from '@ionscope/core';
import { DataError } from '@ionscope/core';
import { SERIES_KIND } from './kinds';
import { type SpectrumArrays, seriesDataset, seriesSpectrum, spectrumCount } from './spectrum';

function startMs(ds: Dataset): number | undefined {
  const t = ds.meta.startTime;
  if (!t) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : `${t}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

export function combineSpectra(datasets: Dataset[], names: string[]): Dataset {
  if (!datasets.length) throw new DataError('no files to combine', { field: 'files' });
  const spectra: SpectrumArrays[] = [];
  const cycles: number[] = [];
  const origin = startMs(datasets[0] as Dataset);
  let allCycles = true;
  datasets.forEach((ds, d) => {
    const start = startMs(ds);
    const offset = origin !== undefined && start !== undefined ? (start - origin) / 1000 : undefined;
    for (let k = 0; k < spectrumCount(ds); k++) {
      const s = seriesSpectrum(ds, k);
      // Put every spectrum on the first file's clock; without absolute times, keep file order as time.
      const base = offset ?? (s.time ? 0 : d);
      const time = s.time ? s.time.map((t) => t + base) : new Float64Array(s.frequency.length).fill(base);
      spectra.push({ ...s, time });
      const cycle = ds.kind === SERIES_KIND && ds.coords.cycle && 'values' in ds.coords.cycle ? (ds.coords.cycle.values[k] as number) : ds.meta.operando?.cycle;
      if (cycle === undefined) allCycles = false;
      cycles.push(cycle ?? Number.NaN);
    }
  });
  const { operando: _perFile, ...meta } = (datasets[0] as Dataset).meta;
  return seriesDataset(
    spectra,
    {
      ...meta,
      source: { fileName: names[0] ?? '', ...(meta.source?.format ? { format: meta.source.format } : {}), parts: names.map((fileName) => ({ fileName })) },
      extra: { ...(meta.extra ?? {}), combinedFiles: names.length },
    },
    allCycles ? { cycles } : {},
  );
}

/** Adds `readMany` (files → one series) to a reader that reads single files. */
export function withReadMany(reader: ReaderContribution): ReaderContribution {
  return {
    ...reader,
    kinds: reader.kinds.includes(SERIES_KIND) ? reader.kinds : [...reader.kinds, SERIES_KIND],
    async readMany(sources: FileSource[], ctx: ReadContext): Promise<Dataset> {
      const datasets: Dataset[] = [];
      for (const source of sources) {
        ctx.signal?.throwIfAborted();
        datasets.push(await reader.read(source, ctx));
      }
      return combineSpectra(
        datasets,
        sources.map((s) => s.name),
      );
    },
  };
}
