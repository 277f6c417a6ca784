/**
 * The operando timeline of a report: every series result that knows when it started (an absolute
 * `meta.startTime` and a `time` coordinate) is put on one clock, so that what XRD, EIS, THz and
 * tomography saw during the same experiment can be read side by side.
 */
import { coordValues, convertArray, standardDeviations, unitsCompatible } from '@ionscope/core';
import { lastAnalysisStep } from '../output/crate';
import type { ReportResult } from './collect';

/** One quantity of one result over absolute time. */
export interface TimelineRow {
  /** `technique · analysis · variable (unit)` */
  label: string;
  technique: string;
  unit: string;
  points: { time: string; value: number; stderr?: number }[];
}

/** At most this many quantities per result, so a tracking result with 20 columns does not swamp it. */
export const ROWS_PER_RESULT = 4;

/**
 * The quantities of `results` that can be placed on the common clock: 1-D data variables along the
 * dimension of a `time` coordinate (any time unit, converted to seconds after `meta.startTime`),
 * finite in at least half the points and not constant, in dataset order, {@link ROWS_PER_RESULT}
 * at most per result.
 */
export function timelineRows(results: ReportResult[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const r of results) {
    const ds = r.dataset;
    // Instrument clocks without a zone (EC-Lab headers) are read as UTC, and the row says so.
    const zoneless = ds?.meta.startTime !== undefined && !/(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(ds.meta.startTime);
    const start = ds?.meta.startTime ? Date.parse(zoneless ? `${ds.meta.startTime}Z` : ds.meta.startTime) : Number.NaN;
    const time = ds?.coords.time;
    if (!ds || !Number.isFinite(start) || !time || !unitsCompatible(time.unit, 's')) continue;
    const seconds = convertArray(coordValues(time), time.unit, 's');
    if (seconds.length < 2) continue;
    const technique = ds.meta.technique?.label ?? ds.meta.technique?.id ?? ds.kind.split('.')[0] ?? '';
    const analysis = lastAnalysisStep(ds)?.operation ?? ds.kind;
    let taken = 0;
    for (const [name, v] of Object.entries(ds.data)) {
      if (taken >= ROWS_PER_RESULT) break;
      if (v.dims.length !== 1 || v.dims[0] !== time.dim || v.values.length !== seconds.length) continue;
      const sd = standardDeviations(v);
      const points: TimelineRow['points'] = [];
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < seconds.length; i++) {
        const value = v.values[i] as number;
        if (!Number.isFinite(value)) continue;
        min = Math.min(min, value);
        max = Math.max(max, value);
        const stderr = sd?.[i];
        points.push({
          time: new Date(start + 1000 * (seconds[i] as number)).toISOString(),
          value,
          ...(stderr !== undefined && Number.isFinite(stderr) ? { stderr } : {}),
        });
      }
      if (points.length < seconds.length / 2 || !(max > min)) continue;
      const label = `${technique} · ${analysis} · ${name}${v.unit ? ` (${v.unit})` : ''}${zoneless ? ' · clock without time zone, read as UTC' : ''}`;
      rows.push({ label, technique, unit: v.unit, points });
      taken++;
    }
  }
  return rows;
}

/** A Vega-Lite spec: one panel per row, stacked, on one shared absolute time axis. */
export function timelineSpec(rows: TimelineRow[]): Record<string, unknown> {
  const times = rows.flatMap((r) => r.points.map((p) => Date.parse(p.time)));
  const domain = [new Date(Math.min(...times)).toISOString(), new Date(Math.max(...times)).toISOString()];
  const techniques = [...new Set(rows.map((r) => r.technique))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Operando timeline: ${techniques.join(', ')} on one clock`,
    vconcat: rows.map((row) => {
      const data = row.points.map((p) => ({
        ...p,
        lo: p.stderr === undefined ? p.value : p.value - p.stderr,
        hi: p.stderr === undefined ? p.value : p.value + p.stderr,
      }));
      const x = { field: 'time', type: 'temporal', title: 'time (UTC)', scale: { type: 'utc', domain } };
      return {
        width: 640,
        height: 90,
        title: { text: row.label, fontSize: 11, anchor: 'start' },
        data: { values: data },
        layer: [
          {
            mark: { type: 'rule', color: '#9aa5b8' },
            encoding: { x, y: { field: 'lo', type: 'quantitative', title: row.unit || null, scale: { zero: false } }, y2: { field: 'hi' } },
          },
          {
            mark: { type: 'line', point: { size: 18 }, color: techniqueColour(techniques.indexOf(row.technique)) },
            encoding: { x, y: { field: 'value', type: 'quantitative' } },
          },
        ],
      };
    }),
  };
}

const PALETTE = ['#2f5d9e', '#c4421a', '#2e8540', '#7b4bb3', '#b8860b'];
const techniqueColour = (k: number) => PALETTE[k % PALETTE.length] as string;
