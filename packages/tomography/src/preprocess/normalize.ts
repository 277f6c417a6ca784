/**
 * Flat- and dark-field correction and the −log transform (Beer–Lambert):
 * T = (P − D̄) / (F̄ − D̄), then p = −ln T, where D̄ and F̄ are the per-pixel means of the dark and
 * flat images (TomoPy's `normalize`; a median is offered for flats with outliers such as zingers).
 * Non-positive denominators (dead pixels) and transmissions are clamped to `floor` before the log
 * and counted, so the caller can report them instead of returning NaN or ∞.
 */
import type { NumericArray } from '@ionscope/core';

export interface NormalizeOptions {
  /** how to combine several flats/darks per pixel */
  combine?: 'mean' | 'median';
  /** smallest transmission allowed before −log (default 1e-6) */
  floor?: number;
}

export interface NormalizeResult {
  values: Float32Array;
  /** pixels whose flat − dark was ≤ 0 */
  badFlatPixels: number;
  /** values clamped to the floor */
  clamped: number;
}

/** Per-pixel mean or median over `count` images of `frame` pixels. */
export function combineFrames(values: NumericArray, count: number, frame: number, how: 'mean' | 'median' = 'mean'): Float64Array {
  const out = new Float64Array(frame);
  if (count === 0) return out;
  if (how === 'mean' || count <= 2) {
    for (let f = 0; f < count; f++) for (let p = 0; p < frame; p++) out[p] += values[f * frame + p] as number;
    for (let p = 0; p < frame; p++) out[p] /= count;
    return out;
  }
  const buf = new Float64Array(count);
  for (let p = 0; p < frame; p++) {
    for (let f = 0; f < count; f++) buf[f] = values[f * frame + p] as number;
    buf.sort();
    out[p] = count % 2 ? (buf[count >> 1] as number) : 0.5 * ((buf[count / 2 - 1] as number) + (buf[count / 2] as number));
  }
  return out;
}

/**
 * Flat/dark correction (and −log when `log`), for projections `count × frame`. Without flats the
 * data are taken as transmissions already; without darks the dark level is 0.
 */
export function normalizeProjections(
  projections: NumericArray,
  count: number,
  frame: number,
  flats: { values: NumericArray; count: number } | undefined,
  darks: { values: NumericArray; count: number } | undefined,
  log: boolean,
  options: NormalizeOptions = {},
): NormalizeResult {
  const floor = options.floor ?? 1e-6;
  const dark = darks ? combineFrames(darks.values, darks.count, frame, options.combine) : new Float64Array(frame);
  const { scale, badFlatPixels } = flatScale(flats ? combineFrames(flats.values, flats.count, frame, options.combine) : undefined, dark);
  const out = new Float32Array(count * frame);
  let clamped = 0;
  for (let a = 0; a < count; a++) {
    const base = a * frame;
    for (let p = 0; p < frame; p++) {
      let t = ((projections[base + p] as number) - (dark[p] as number)) * (scale[p] as number);
      if (!(t >= floor)) {
        t = floor;
        clamped++;
      }
      out[base + p] = log ? -Math.log(t) : t;
    }
  }
  return { values: out, badFlatPixels, clamped };
}

/**
 * 1/(flat − dark) per detector pixel (1 without a flat), and 0 where the flat is not above the
 * dark: such pixels carry no signal and are counted as bad.
 */
export function flatScale(flat: ArrayLike<number> | undefined, dark: ArrayLike<number>): { scale: Float64Array; badFlatPixels: number } {
  const scale = new Float64Array(dark.length).fill(1);
  let badFlatPixels = 0;
  if (flat)
    for (let p = 0; p < dark.length; p++) {
      const den = (flat[p] as number) - (dark[p] as number);
      if (den > 0) scale[p] = 1 / den;
      else {
        scale[p] = 0;
        badFlatPixels++;
      }
    }
  return { scale, badFlatPixels };
}

/**
 * Flat/dark correction and −log of bands of detector rows, for projections read a band at a time
 * (views × (r1 − r0) × cols out of views × rows × cols): the same arithmetic, value for value, as
 * {@link normalizeProjections} on the whole stack. Clamped values are counted once per detector
 * row, in rows at or after `countFrom` (bands of neighbouring slabs overlap).
 */
export function rowBandNormalizer(
  rows: number,
  cols: number,
  flats: { values: NumericArray; count: number } | undefined,
  darks: { values: NumericArray; count: number } | undefined,
  options: NormalizeOptions = {},
) {
  const frame = rows * cols;
  const floor = options.floor ?? 1e-6;
  const dark = darks ? combineFrames(darks.values, darks.count, frame, options.combine) : new Float64Array(frame);
  const { scale, badFlatPixels } = flatScale(flats ? combineFrames(flats.values, flats.count, frame, options.combine) : undefined, dark);
  const stats = { clamped: 0, badFlatPixels };
  return {
    stats,
    /** −ln T of `band` (views × (r1 − r0) × cols, counts or transmissions) as float32. */
    apply(band: NumericArray, views: number, r0: number, r1: number, countFrom: number): Float32Array {
      const n = r1 - r0;
      const out = new Float32Array(views * n * cols);
      for (let a = 0; a < views; a++)
        for (let r = 0; r < n; r++) {
          const src = (a * n + r) * cols;
          const pix = (r0 + r) * cols;
          const counted = r0 + r >= countFrom;
          for (let k = 0; k < cols; k++) {
            let t = ((band[src + k] as number) - (dark[pix + k] as number)) * (scale[pix + k] as number);
            if (!(t >= floor)) {
              t = floor;
              if (counted) stats.clamped++;
            }
            out[src + k] = -Math.log(t);
          }
        }
      return out;
    },
  };
}
