/**
 * PNG views of 2-D data: raw (delay × time) maps and 2-D spectra, via core's renderImageView. The
 * arrays are resampled (nearest neighbour) to a readable aspect ratio first: pump–probe maps are
 * often 20 delays × 1000 times. Titles stay ASCII (the bitmap font has no Greek ν/τ).
 */
import { coordValues, type Dataset, DataError, dimCoord, renderImageView, type ViewContribution } from '@ionscope/core';
import { KIND } from '../kinds';

function range(ds: Dataset, dim: string): string {
  const c = dimCoord(ds, dim);
  if (!c) return '';
  const v = coordValues(c).filter(Number.isFinite);
  const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
  return `${fmt(Math.min(...v))} to ${fmt(Math.max(...v))} ${c.unit}`;
}

/** Nearest-neighbour resampling of a rows × cols array to h × w (row 0 stays at the top). */
export function resampleGrid(values: ArrayLike<number>, rows: number, cols: number, h: number, w: number, flipRows = false): Float64Array {
  const out = new Float64Array(h * w);
  for (let r = 0; r < h; r++) {
    let sr = Math.min(rows - 1, Math.floor(((r + 0.5) * rows) / h));
    if (flipRows) sr = rows - 1 - sr;
    for (let c = 0; c < w; c++) {
      const sc = Math.min(cols - 1, Math.floor(((c + 0.5) * cols) / w));
      out[r * w + c] = values[sr * cols + sc] as number;
    }
  }
  return out;
}

function targetSize(rows: number, cols: number): { h: number; w: number } {
  const w = Math.min(Math.max(cols, 400), 480);
  const h = Math.min(Math.max(rows, Math.round(w * 0.6)), 480);
  return { h, w };
}

export const map2dView: ViewContribution = {
  id: 'thz.map2d-image',
  name: '2-D THz map (delay x time)',
  accepts: [KIND.map2d],
  render(ds) {
    const f = ds.data.field;
    if (f?.shape.length !== 2) throw new DataError('no 2-D field to draw', { field: 'data.field' });
    const [rows, cols] = f.shape as [number, number];
    const { h, w } = targetSize(rows, cols);
    let max = 0;
    for (const v of f.values) if (Math.abs(v) > max) max = Math.abs(v);
    return renderImageView({
      values: resampleGrid(f.values, rows, cols, h, w),
      width: w,
      height: h,
      zoom: 1,
      colormap: 'rdbu',
      reverse: true,
      min: -max,
      max,
      title: 'THz field: delay (rows) x time (columns)',
      valueLabel: 'field',
      valueUnit: f.unit,
      alt: `THz field map: ${rows} delays (${range(ds, 'delay')}) by ${cols} times (${range(ds, 'time')})`,
    });
  },
};

/** Row/column window holding every value above `fraction` of the maximum, widened by 25 %. */
function activeWindow(values: ArrayLike<number>, rows: number, cols: number, fraction: number) {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  let r0 = rows;
  let r1 = -1;
  let c0 = cols;
  let c1 = -1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if ((values[r * cols + c] as number) > fraction * max) {
        r0 = Math.min(r0, r);
        r1 = Math.max(r1, r);
        c0 = Math.min(c0, c);
        c1 = Math.max(c1, c);
      }
    }
  }
  if (r1 < 0) return { r0: 0, r1: rows - 1, c0: 0, c1: cols - 1 };
  const padR = Math.max(4, Math.round(0.25 * (r1 - r0)));
  const padC = Math.max(4, Math.round(0.25 * (c1 - c0)));
  return { r0: Math.max(0, r0 - padR), r1: Math.min(rows - 1, r1 + padR), c0: 0, c1: Math.min(cols - 1, c1 + padC) };
}

export const spectrum2dView: ViewContribution = {
  id: 'thz.2d-map',
  name: '2-D nonlinear spectrum |S(nu_tau, nu_t)|',
  accepts: [KIND.spectrum2d],
  render(ds) {
    const m = ds.data.magnitude;
    const ex = dimCoord(ds, 'excitationFrequency');
    const de = dimCoord(ds, 'detectionFrequency');
    if (m?.shape.length !== 2 || !ex || !de) throw new DataError('no 2-D magnitude to draw', { field: 'data.magnitude' });
    const [rows, cols] = m.shape as [number, number];
    // Zoom on the part of the map that holds signal (the transform runs to Nyquist).
    const win = activeWindow(m.values, rows, cols, 0.01);
    const wr = win.r1 - win.r0 + 1;
    const wc = win.c1 - win.c0 + 1;
    const crop = new Float64Array(wr * wc);
    for (let r = 0; r < wr; r++) for (let c = 0; c < wc; c++) crop[r * wc + c] = m.values[(win.r0 + r) * cols + win.c0 + c] as number;
    const exv = coordValues(ex);
    const dev = coordValues(de);
    const f = (x: number) => x.toFixed(2);
    const { h, w } = targetSize(wr, wc);
    return renderImageView({
      values: resampleGrid(crop, wr, wc, h, w, true),
      width: w,
      height: h,
      zoom: 1,
      colormap: 'viridis',
      title: `exc. ${f(exv[win.r1] as number)} to ${f(exv[win.r0] as number)} THz (rows), det. ${f(dev[win.c0] as number)} to ${f(dev[win.c1] as number)} THz`,
      valueLabel: 'magnitude',
      valueUnit: m.unit,
      alt: `2-D THz magnitude spectrum: excitation frequency ${f(exv[win.r0] as number)} to ${f(exv[win.r1] as number)} THz (rows, high at the top) by detection frequency ${f(dev[win.c0] as number)} to ${f(dev[win.c1] as number)} THz (columns); ${((ds.values?.peaks as unknown[]) ?? []).length} picked peaks`,
    });
  },
};
