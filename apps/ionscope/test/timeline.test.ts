import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset, explicitCoord, variable } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../src/commands/report';
import { writeResultFolder } from '../src/output/result-folder';
import { timelineRows, timelineSpec } from '../src/report/timeline';

/** A series result of `technique` over `times` (in `unit`) after `startTime`. */
function series(technique: string, startTime: string | undefined, times: number[], unit: string, values: Record<string, number[]>, variances?: number[]) {
  const data = Object.fromEntries(
    Object.entries(values).map(([name, v], k) => [
      name,
      variable(['step'], Float64Array.from(v), 'Ω', k === 0 && variances ? { variances: Float64Array.from(variances) } : {}),
    ]),
  );
  return createDataset({
    kind: `${technique}.series-fit`,
    data: { ...data, map: variable(['step', 'x'], new Float64Array(times.length * 2), '', { shape: [times.length, 2] }) },
    coords: { time: explicitCoord('step', Float64Array.from(times), unit) },
    meta: { ...(startTime ? { startTime } : {}), technique: { id: technique, label: technique.toUpperCase() } },
  });
}

describe('operando timeline', () => {
  const xrd = series('xrd', '2024-05-01T10:00:00Z', [0, 10, 20], 'min', { a: [1, 2, 3], flat: [5, 5, 5] }, [0.01, 0.04, 0.09]);
  const eis = series('eis', '2024-05-01T10:05:00', [0, 600], 's', { R1: [0.02, 0.01] });
  const noClock = series('thz', undefined, [0, 1], 's', { n: [1, 2] });
  const results = [xrd, eis, noClock].map((dataset, k) => ({ folder: `r${k}`, dataset, views: [] }));

  it('puts every series that knows its start on one absolute clock', () => {
    const rows = timelineRows(results);
    // constant and 2-D variables are left out, and so is the result without a start time
    expect(rows.map((r) => r.label)).toEqual(['XRD · xrd.series-fit · a (Ω)', 'EIS · eis.series-fit · R1 (Ω) · clock without time zone, read as UTC']);
    expect(rows[0]!.points.map((p) => p.time)).toEqual(['2024-05-01T10:00:00.000Z', '2024-05-01T10:10:00.000Z', '2024-05-01T10:20:00.000Z']);
    expect(rows[0]!.points.map((p) => p.stderr)).toEqual([0.1, 0.2, 0.3]);
    expect(rows[1]!.points.map((p) => p.time)).toEqual(['2024-05-01T10:05:00.000Z', '2024-05-01T10:15:00.000Z']);
    const spec = timelineSpec(rows) as any;
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0].layer[0].encoding.x.scale.domain).toEqual(['2024-05-01T10:00:00.000Z', '2024-05-01T10:20:00.000Z']);
  });

  it('the report shows the timeline section only when some result has a clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ionscope-timeline-'));
    for (const r of results) await writeResultFolder(join(dir, r.folder), r.dataset, [], undefined, { csv: false });
    const html = readFileSync((await writeReport(dir)).path, 'utf8');
    expect(html).toMatch(/<h2>Operando timeline<\/h2><p class="muted">2 quantities from XRD, EIS, on one absolute clock/);
    expect(html).toMatch(/src="data:image\/svg\+xml;base64,/);
    const lone = mkdtempSync(join(tmpdir(), 'ionscope-timeline-'));
    await writeResultFolder(join(lone, 'r'), noClock, [], undefined, { csv: false });
    expect(readFileSync((await writeReport(lone)).path, 'utf8')).not.toMatch(/Operando timeline/);
  });
});
