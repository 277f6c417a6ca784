/**
 * Vega-Lite views of the THz results: waveforms, spectra with dynamic-range shading, optical
 * constants and conductivities with ±1σ bands, model fits, kinetics and photoconductivity.
 */
import { coordValues, dimCoord, standardDeviations, type ViewContribution } from '@ionscope/core';
import { KIND } from '../kinds';
import { finite, lineWithBand, seriesRows, stride, VEGA_LITE_SCHEMA } from './common';

const vl = (title: string, body: Record<string, unknown>) => ({
  type: 'vega-lite' as const,
  title,
  spec: { $schema: VEGA_LITE_SCHEMA, title, width: 520, height: 220, ...body },
});

export const waveformView: ViewContribution = {
  id: 'thz.waveform-plot',
  name: 'THz waveform',
  accepts: [KIND.waveform],
  render(ds) {
    const rows = seriesRows(ds, 'field', 'time');
    const hasBand = rows.some((r) => r.lo !== null);
    return vl(
      `THz waveform${ds.meta.source?.fileName ? ` — ${ds.meta.source.fileName}` : ''}`,
      lineWithBand(rows, { field: 'x', title: 'time (ps)' }, { title: `field (${ds.data.field?.unit ?? 'a.u.'})` }, undefined, hasBand),
    );
  },
};

export const spectrumView: ViewContribution = {
  id: 'thz.spectrum-plot',
  name: 'Amplitude spectrum with dynamic range',
  accepts: [KIND.spectrum],
  render(ds) {
    const f = coordValues(dimCoord(ds, 'frequency') as never);
    const amp = ds.data.amplitudeDb?.values ?? new Float64Array();
    const dr = ds.data.dynamicRange?.values ?? new Float64Array();
    const floorDb = (ds.values?.noiseFloorDb as number | undefined) ?? null;
    const minDr = (ds.values?.minDynamicRange as number | undefined) ?? 30;
    const rows = stride(f.length).map((i) => ({ f: f[i], db: finite(amp[i]), usable: (dr[i] as number) >= minDr ? 'DR ≥ threshold' : 'below threshold' }));
    const usable = rows.filter((r) => r.usable === 'DR ≥ threshold').map((r) => r.f as number);
    const layers: Record<string, unknown>[] = [];
    if (usable.length) {
      layers.push({
        data: { values: [{ from: Math.min(...usable), to: Math.max(...usable) }] },
        mark: { type: 'rect', opacity: 0.12, color: '#2ca02c' },
        encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } },
      });
    }
    layers.push({
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 1.2 },
      encoding: { x: { field: 'f', type: 'quantitative', title: 'frequency (THz)' }, y: { field: 'db', type: 'quantitative', title: 'amplitude (dB re max)' } },
    });
    if (floorDb !== null)
      layers.push({
        data: { values: [{ y: floorDb }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: 'firebrick' },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      });
    return vl('Amplitude spectrum (shaded: dynamic range above threshold; dashed: noise floor)', { layer: layers });
  },
};

export const opticalConstantsView: ViewContribution = {
  id: 'thz.optical-constants-plot',
  name: 'n and α with ±1σ bands and α_max',
  accepts: [KIND.opticalConstants],
  render(ds) {
    const n = seriesRows(ds, 'n', 'frequency');
    const a = seriesRows(ds, 'alpha', 'frequency');
    const amax = seriesRows(ds, 'alphaMax', 'frequency');
    const top = lineWithBand(n, { field: 'x', title: 'frequency (THz)' }, { title: 'refractive index n' });
    const aRows = a.map((r, i) => ({ ...r, alphaMax: amax[i]?.y ?? null }));
    const bottom = lineWithBand(aRows, { field: 'x', title: 'frequency (THz)' }, { title: 'α (cm⁻¹)' });
    (bottom.layer as unknown[]).push({
      mark: { type: 'line', strokeDash: [4, 3], color: 'firebrick' },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'alphaMax', type: 'quantitative' } },
    });
    const title = `Optical constants (d = ${(((ds.values?.thickness as { value?: number } | undefined)?.value ?? 0) * 1e6).toFixed(1)} µm; dashed: α_max)`;
    return {
      type: 'vega-lite',
      title,
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title,
        vconcat: [
          { width: 520, height: 180, ...top },
          { width: 520, height: 180, ...bottom },
        ],
      },
    };
  },
};

export const transferView: ViewContribution = {
  id: 'thz.transfer-plot',
  name: 'Transfer function |H| and phase',
  accepts: [KIND.opticalConstants, KIND.conductivity],
  render(ds) {
    const mag = seriesRows(ds, 'transmission', 'frequency');
    const ph = seriesRows(ds, 'phase', 'frequency');
    const title = 'Transfer function H = E_sample/E_reference';
    return {
      type: 'vega-lite',
      title,
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title,
        hconcat: [
          { width: 250, height: 200, ...lineWithBand(mag, { field: 'x', title: 'frequency (THz)' }, { title: '|H|' }, undefined, false) },
          { width: 250, height: 200, ...lineWithBand(ph, { field: 'x', title: 'frequency (THz)' }, { title: 'unwrapped phase (rad)' }, undefined, false) },
        ],
      },
    };
  },
};

export const conductivityView: ViewContribution = {
  id: 'thz.conductivity-plot',
  name: 'Complex conductivity with ±1σ bands',
  accepts: [KIND.conductivity, KIND.opticalConstants],
  render(ds) {
    const bulk = !!ds.data.sigma1;
    const [r, i] = bulk ? ['sigma1', 'sigma2'] : ['sheet1', 'sheet2'];
    const unit = ds.data[r as string]?.unit ?? '';
    const rows = [
      ...seriesRows(ds, r as string, 'frequency').map((p) => ({ ...p, part: bulk ? 'σ1' : 'Re σ_s' })),
      ...seriesRows(ds, i as string, 'frequency').map((p) => ({ ...p, part: bulk ? 'σ2' : 'Im σ_s' })),
    ];
    return vl(
      bulk ? 'Conductivity σ = σ1 + iσ2' : 'Sheet conductance σ_s',
      lineWithBand(rows, { field: 'x', title: 'frequency (THz)' }, { title: `${bulk ? 'σ' : 'σ_s'} (${unit})` }, { field: 'part', title: '' }),
    );
  },
};

export const modelFitView: ViewContribution = {
  id: 'thz.model-fit-plot',
  name: 'Conductivity model fit',
  accepts: [KIND.modelFit],
  render(ds) {
    const f = coordValues(dimCoord(ds, 'frequency') as never);
    const d1 = ds.data.data1;
    const d2 = ds.data.data2;
    const s1 = d1 ? standardDeviations(d1) : undefined;
    const s2 = d2 ? standardDeviations(d2) : undefined;
    const m1 = ds.data.model1?.values;
    const m2 = ds.data.model2?.values;
    const unit = d1?.unit ?? '';
    const points: object[] = [];
    const lines: object[] = [];
    for (const i of stride(f.length)) {
      const p1 = d1?.values[i] as number;
      const p2 = d2?.values[i] as number;
      points.push({ f: f[i], y: finite(p1), lo: finite(p1 - (s1?.[i] ?? 0)), hi: finite(p1 + (s1?.[i] ?? 0)), part: 'real' });
      points.push({ f: f[i], y: finite(p2), lo: finite(p2 - (s2?.[i] ?? 0)), hi: finite(p2 + (s2?.[i] ?? 0)), part: 'imaginary' });
      lines.push({ f: f[i], y: finite(m1?.[i] as number), part: 'real' }, { f: f[i], y: finite(m2?.[i] as number), part: 'imaginary' });
    }
    const x = { field: 'f', type: 'quantitative', title: 'frequency (THz)' };
    const color = { field: 'part', type: 'nominal', title: '' };
    const title = `Model fit: ${String(ds.values?.model ?? '')} (χ²ᵣ = ${Number(ds.values?.reducedChiSquare ?? Number.NaN).toPrecision(3)})`;
    return vl(title, {
      layer: [
        {
          data: { values: points },
          mark: { type: 'rule', opacity: 0.4 },
          encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
        },
        {
          data: { values: points },
          mark: { type: 'point', size: 12, filled: true },
          encoding: { x, y: { field: 'y', type: 'quantitative', title: `σ (${unit})` }, color },
        },
        { data: { values: lines }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: { field: 'y', type: 'quantitative' }, color } },
      ],
    });
  },
};

export const kineticsView: ViewContribution = {
  id: 'thz.kinetics-plot',
  name: 'ΔE/E against pump delay with the kinetics fit',
  accepts: [KIND.pumpProbe],
  render(ds) {
    const d = coordValues(dimCoord(ds, 'delay') as never);
    const y = ds.data.dEoverE;
    const sd = y ? standardDeviations(y) : undefined;
    const fit = ds.data.kineticsFit?.values;
    const rows = Array.from(d, (t, i) => ({
      t,
      y: finite(y?.values[i] as number),
      lo: finite((y?.values[i] as number) - (sd?.[i] ?? 0)),
      hi: finite((y?.values[i] as number) + (sd?.[i] ?? 0)),
      fit: fit ? finite(fit[i] as number) : null,
    }));
    // a smooth fit curve needs more points than the delays: draw it through the delays only
    const x = { field: 't', type: 'quantitative', title: 'pump delay (ps)' };
    const layers: Record<string, unknown>[] = [
      { mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true }, encoding: { x, y: { field: 'y', type: 'quantitative', title: 'ΔE/E' } } },
    ];
    if (fit) layers.push({ mark: { type: 'line', color: 'firebrick' }, encoding: { x, y: { field: 'fit', type: 'quantitative' } } });
    return vl('Pump–probe kinetics', { data: { values: rows }, layer: layers });
  },
};

export const photoconductivityView: ViewContribution = {
  id: 'thz.photoconductivity-plot',
  name: 'Photoconductivity spectra at each delay',
  accepts: [KIND.pumpProbe],
  render(ds) {
    const bulk = !!ds.data.sigma1;
    const v1 = ds.data[bulk ? 'sigma1' : 'sheet1'];
    const v2 = ds.data[bulk ? 'sigma2' : 'sheet2'];
    const fc = dimCoord(ds, 'frequency');
    if (!v1 || !v2 || !fc) return vl('No photoconductivity spectra (no substrate index or layer stack given)', { data: { values: [] }, mark: 'point' });
    const f = coordValues(fc);
    const d = coordValues(dimCoord(ds, 'delay') as never);
    const nf = f.length;
    const picks = stride(d.length, 6);
    const rows: object[] = [];
    for (const j of picks) {
      for (const i of stride(nf, 300)) {
        rows.push({ f: f[i], y: finite(v1.values[j * nf + i] as number), part: 'real', delay: `${d[j]} ps` });
        rows.push({ f: f[i], y: finite(v2.values[j * nf + i] as number), part: 'imaginary', delay: `${d[j]} ps` });
      }
    }
    return vl(`Photoconductivity ${bulk ? 'Δσ' : 'Δσ_s'} (solid: real, dashed: imaginary)`, {
      data: { values: rows },
      mark: { type: 'line' },
      encoding: {
        x: { field: 'f', type: 'quantitative', title: 'frequency (THz)' },
        y: { field: 'y', type: 'quantitative', title: `${bulk ? 'Δσ' : 'Δσ_s'} (${v1.unit})` },
        color: { field: 'delay', type: 'nominal', title: 'pump delay', sort: null },
        strokeDash: { field: 'part', type: 'nominal', title: '' },
      },
    });
  },
};
