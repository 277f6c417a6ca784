/**
 * Colormaps as 256-entry lookup tables (the matplotlib data, see colormap-data.ts) and the mapping
 * of numbers to RGBA pixels. Perceptually uniform maps (viridis family, cividis) for magnitudes,
 * RdBu for signed quantities centred on zero, gray for raw intensities.
 */
import { DataError } from '../errors';
import { type Color, parseColor } from './canvas';
import { COLORMAP_HEX } from './colormap-data';

/** The colormaps core offers (matplotlib's names, lower case). */
export type ColormapName = 'viridis' | 'magma' | 'inferno' | 'plasma' | 'cividis' | 'gray' | 'rdbu';

/** Every colormap core offers. */
export const COLORMAP_NAMES: readonly ColormapName[] = ['viridis', 'magma', 'inferno', 'plasma', 'cividis', 'gray', 'rdbu'];

// Fails to compile when the generated tables and the names above drift apart.
const TABLES: Record<ColormapName, string> & Record<keyof typeof COLORMAP_HEX, string> = COLORMAP_HEX;

const luts = new Map<ColormapName, Uint8Array>();

/** The colormap as 256 × RGB bytes (index 0 = low end). Throws a DataError for an unknown name. */
export function colormapLut(name: ColormapName): Uint8Array {
  const cached = luts.get(name);
  if (cached) return cached;
  const hex = TABLES[name];
  if (!hex) throw new DataError(`unknown colormap "${name}"`, { field: 'colormap', expected: `one of ${COLORMAP_NAMES.join(', ')}` });
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < lut.length; i++) lut[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  luts.set(name, lut);
  return lut;
}

export interface ColormapOptions {
  /** Value drawn with the first colour (values below are clamped to it). */
  min: number;
  /** Value drawn with the last colour (values above are clamped to it). */
  max: number;
  colormap?: ColormapName;
  /** Run the colormap backwards. */
  reverse?: boolean;
  /** 1 marks a pixel to draw with `maskColor` instead (same length as the values). */
  mask?: ArrayLike<number>;
  /** Colour of masked pixels (default transparent). */
  maskColor?: Color;
  /** Colour of NaN pixels (default transparent). */
  nanColor?: Color;
}

/**
 * Maps values to RGBA pixels: `(v − min) / (max − min)` picks one of 256 colours (as matplotlib's
 * Normalize + ListedColormap do: the top value gets the last colour). ±∞ clamp to the ends; NaN and
 * masked values get their own colours. With `min == max` everything gets the first colour.
 */
export function applyColormap(values: ArrayLike<number>, options: ColormapOptions): Uint8Array {
  const { min, max } = options;
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new DataError('colour range must be finite', { field: 'min/max', found: `${min}, ${max}` });
  }
  const lut = colormapLut(options.colormap ?? 'viridis');
  const mask = options.mask;
  if (mask && mask.length !== values.length) {
    throw new DataError(`mask has ${mask.length} entries for ${values.length} values`, { field: 'mask' });
  }
  const masked = parseColor(options.maskColor ?? [0, 0, 0, 0]);
  const nan = parseColor(options.nanColor ?? [0, 0, 0, 0]);
  const scale = max > min ? 256 / (max - min) : 0;
  const reverse = options.reverse === true;
  const n = values.length;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const o = i * 4;
    let special: [number, number, number, number] | undefined;
    if (mask?.[i]) special = masked;
    else if (Number.isNaN(v)) special = nan;
    if (special) {
      out[o] = special[0];
      out[o + 1] = special[1];
      out[o + 2] = special[2];
      out[o + 3] = special[3];
      continue;
    }
    let k = Math.floor((v - min) * scale);
    if (!(k > 0))
      k = 0; // also ∞·0 = NaN when min == max
    else if (k > 255) k = 255;
    if (reverse) k = 255 - k;
    const l = k * 3;
    out[o] = lut[l] as number;
    out[o + 1] = lut[l + 1] as number;
    out[o + 2] = lut[l + 2] as number;
    out[o + 3] = 255;
  }
  return out;
}
