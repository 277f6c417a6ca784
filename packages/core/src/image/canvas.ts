/**
 * A tiny RGBA raster for annotating images before they are encoded as PNG: rectangles, pasted
 * images and bitmap text. Enough for titles, scale bars and colour bars; not a graphics library.
 */
import { DataError } from '../errors';
import { FONT_HEIGHT, FONT_SPACING, glyph } from './font';

/** An 8-bit RGBA image, row-major from the top-left corner. */
export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes. */
  data: Uint8Array;
}

/** A colour: `[r, g, b, a]` (0–255) or CSS hex (`#rgb`, `#rrggbb`, `#rrggbbaa`). */
export type Color = readonly [number, number, number, number] | string;

/** Parses a {@link Color} into four bytes. */
export function parseColor(color: Color): [number, number, number, number] {
  if (typeof color !== 'string') return [color[0], color[1], color[2], color[3]];
  const hex = color.replace(/^#/, '');
  const full = hex.length === 3 || hex.length === 4 ? [...hex].map((c) => c + c).join('') : hex;
  if (!/^[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(full)) {
    throw new DataError(`cannot read the colour "${color}"`, { field: 'color', expected: '#rgb, #rrggbb, #rrggbbaa or [r, g, b, a]' });
  }
  const n = (i: number) => Number.parseInt(full.slice(i, i + 2), 16);
  return [n(0), n(2), n(4), full.length === 8 ? n(6) : 255];
}

/** A new image filled with one colour (default opaque white). */
export function createImage(width: number, height: number, background: Color = '#ffffff'): RgbaImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new DataError('an image needs a positive integer width and height', { field: 'width/height', found: `${width}×${height}` });
  }
  const data = new Uint8Array(width * height * 4);
  const [r, g, b, a] = parseColor(background);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
    data[i + 3] = a;
  }
  return { width, height, data };
}

/** Paints one pixel with source-over blending; pixels outside the image are ignored. */
function paint(img: RgbaImage, x: number, y: number, r: number, g: number, b: number, a: number): void {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const i = (y * img.width + x) * 4;
  const d = img.data;
  if (a >= 255) {
    d[i] = r;
    d[i + 1] = g;
    d[i + 2] = b;
    d[i + 3] = 255;
    return;
  }
  if (a <= 0) return;
  const sa = a / 255;
  const da = (d[i + 3] as number) / 255;
  const oa = sa + da * (1 - sa);
  const mix = (s: number, t: number) => Math.round((s * sa + t * da * (1 - sa)) / oa);
  d[i] = mix(r, d[i] as number);
  d[i + 1] = mix(g, d[i + 1] as number);
  d[i + 2] = mix(b, d[i + 2] as number);
  d[i + 3] = Math.round(oa * 255);
}

/** Fills a rectangle (clipped to the image); translucent colours blend over what is there. */
export function fillRect(img: RgbaImage, x: number, y: number, width: number, height: number, color: Color): void {
  const [r, g, b, a] = parseColor(color);
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(img.width, Math.round(x + width));
  const y1 = Math.min(img.height, Math.round(y + height));
  for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) paint(img, xx, yy, r, g, b, a);
}

/** Copies `src` into `dst` with its top-left corner at (x, y), blending by the source alpha. */
export function drawImage(dst: RgbaImage, src: RgbaImage, x: number, y: number): void {
  for (let sy = 0; sy < src.height; sy++) {
    const ty = y + sy;
    if (ty < 0 || ty >= dst.height) continue;
    for (let sx = 0; sx < src.width; sx++) {
      const i = (sy * src.width + sx) * 4;
      paint(dst, x + sx, ty, src.data[i] as number, src.data[i + 1] as number, src.data[i + 2] as number, src.data[i + 3] as number);
    }
  }
}

/** Nearest-neighbour enlargement by an integer factor (keeps pixels sharp on small maps). */
export function scaleImage(src: RgbaImage, factor: number): RgbaImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return src;
  const out = { width: src.width * f, height: src.height * f, data: new Uint8Array(src.width * f * src.height * f * 4) };
  const row = new Uint8Array(out.width * 4);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      const s = (y * src.width + x) * 4;
      for (let k = 0; k < f; k++) row.set(src.data.subarray(s, s + 4), (x * f + k) * 4);
    }
    for (let k = 0; k < f; k++) out.data.set(row, (y * f + k) * out.width * 4);
  }
  return out;
}

export interface TextOptions {
  color?: Color;
  /** Integer magnification of the 9-pixel-high font (default 1). */
  scale?: number;
  /** Where x is: the left edge (default), the centre or the right edge of the text. */
  align?: 'left' | 'center' | 'right';
}

/** Size in pixels of a line of text at a font scale. */
export function measureText(text: string, scale = 1): { width: number; height: number } {
  const s = Math.max(1, Math.floor(scale));
  let width = 0;
  for (const c of text) width += glyph(c).width + FONT_SPACING;
  return { width: Math.max(0, width - FONT_SPACING) * s, height: FONT_HEIGHT * s };
}

/**
 * Draws one line of text with its cell's top at y (capitals occupy the first 7 rows × scale).
 * Returns the width drawn. Characters the font lacks are drawn as boxes.
 */
export function drawText(img: RgbaImage, text: string, x: number, y: number, options: TextOptions = {}): number {
  const s = Math.max(1, Math.floor(options.scale ?? 1));
  const [r, g, b, a] = parseColor(options.color ?? '#000000');
  const { width } = measureText(text, s);
  let cx = Math.round(options.align === 'center' ? x - width / 2 : options.align === 'right' ? x - width : x);
  const top = Math.round(y);
  for (const c of text) {
    const gl = glyph(c);
    for (let row = 0; row < FONT_HEIGHT; row++) {
      const bits = gl.rows[row] as boolean[];
      for (let col = 0; col < gl.width; col++) {
        if (!bits[col]) continue;
        for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) paint(img, cx + col * s + dx, top + row * s + dy, r, g, b, a);
      }
    }
    cx += (gl.width + FONT_SPACING) * s;
  }
  return width;
}
