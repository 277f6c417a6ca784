/**
 * A ready-made image view for plugins: a 2-D array drawn with a colormap, optionally with a title,
 * a scale bar and a colour bar, encoded as PNG. Maps, slices and heatmaps call this from a view's
 * `render` and return the result as is.
 */
import { finiteRange } from '../data/arrays';
import { DataError } from '../errors';
import type { ImageView } from '../plugin/contract';
import { drawColorbar, drawScaleBar, formatTick, niceTicks } from './annotate';
import { createImage, drawImage, drawText, measureText, type RgbaImage, scaleImage } from './canvas';
import { applyColormap, type ColormapName } from './colormap';
import { FONT_HEIGHT } from './font';
import { encodePng } from './png';

export interface ImageViewOptions {
  /** Row-major values, `height` rows of `width`; row 0 is drawn at the top. */
  values: ArrayLike<number>;
  width: number;
  height: number;
  colormap?: ColormapName;
  reverse?: boolean;
  /** Colour range; defaults to the finite range of the unmasked values. */
  min?: number;
  max?: number;
  /** 1 = excluded; drawn transparent-grey. */
  mask?: ArrayLike<number>;
  title?: string;
  /** Physical size of one pixel, in `unit`: draws a scale bar. */
  pixelSize?: number;
  unit?: string;
  /** What the colours show, for the colour-bar caption (`"intensity"`, `"porosity"`). */
  valueLabel?: string;
  valueUnit?: string;
  /** Draw the colour bar (default true). */
  colorbar?: boolean;
  /** Integer enlargement; default: enough for about 384 pixels on the longer side (at most 8×). */
  zoom?: number;
  /** Alternative text for reports; a default is built from the title and range. */
  alt?: string;
}

/**
 * Draws a 2-D array as a PNG {@link ImageView}: colormapped pixels (enlarged without smoothing when
 * small), a title above, a scale bar in the bottom-right corner when `pixelSize` and `unit` are
 * given, and a colour bar with round ticks on the right.
 */
export function renderImageView(options: ImageViewOptions): ImageView {
  const { values, width, height } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new DataError('an image view needs a positive integer width and height', { field: 'width/height', found: `${width}×${height}` });
  }
  if (values.length !== width * height) {
    throw new DataError(`${values.length} values for a ${width}×${height} image`, { field: 'values', expected: String(width * height) });
  }
  const [min, max] = colourRange(options);
  const rgba = applyColormap(values, {
    min,
    max,
    colormap: options.colormap,
    reverse: options.reverse,
    mask: options.mask,
    maskColor: [128, 128, 128, 90],
    nanColor: [0, 0, 0, 0],
  });
  const zoom = Math.max(1, Math.floor(options.zoom ?? Math.min(8, Math.floor(384 / Math.max(width, height)) || 1)));
  const pixels = scaleImage({ width, height, data: rgba }, zoom);
  const s = pixels.width >= 480 ? 2 : 1;
  const pad = 6 * s;
  const showBar = options.colorbar !== false;
  const caption = [options.valueLabel, options.valueUnit ? `(${options.valueUnit})` : undefined].filter(Boolean).join(' ');
  const ticks = showBar ? niceTicks(min, max) : [];
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : Math.abs(max - min) || 1;
  const tickWidth = Math.max(0, ...ticks.map((t) => measureText(formatTick(t, step), s).width));
  const barWidth = 12 * s;
  const barColumn = showBar ? 2 * pad + barWidth + 5 * s + tickWidth : 0;
  const header = options.title || (showBar && caption) ? FONT_HEIGHT * s + pad : 0;
  const captionWidth = showBar && caption ? measureText(caption, s).width : 0;
  const canvasWidth = pad + pixels.width + Math.max(barColumn, captionWidth + 2 * pad) + (showBar ? pad : 0);
  const canvasHeight = pad + header + pixels.height + pad;
  const canvas = createImage(canvasWidth, canvasHeight, '#ffffff');
  const top = pad + header;
  drawImage(canvas, pixels, pad, top);
  if (options.title) drawText(canvas, options.title, pad + pixels.width / 2, pad, { scale: s, align: 'center' });
  if (options.pixelSize !== undefined && options.unit !== undefined) {
    drawScaleBar(canvas, {
      pixelSize: options.pixelSize / zoom,
      unit: options.unit,
      scale: s,
      region: { x: pad, y: top, width: pixels.width, height: pixels.height },
    });
  }
  if (showBar) {
    const barX = pad + pixels.width + 2 * pad;
    drawColorbar(canvas, { x: barX, y: top, width: barWidth, height: pixels.height, min, max, colormap: options.colormap, reverse: options.reverse, scale: s });
    if (caption) drawText(canvas, caption, barX, pad, { scale: s });
  }
  return toImageView(canvas, options, min, max);
}

function colourRange(options: ImageViewOptions): [number, number] {
  let [lo, hi] = [options.min, options.max];
  if (lo === undefined || hi === undefined) {
    const visible = options.mask ? Array.from(options.values).filter((_, i) => !options.mask?.[i]) : options.values;
    const [fmin, fmax] = finiteRange(Array.from(visible).filter(Number.isFinite));
    lo ??= Number.isFinite(fmin) ? fmin : 0;
    hi ??= Number.isFinite(fmax) ? fmax : 1;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new DataError('colour range must be finite', { field: 'min/max', found: `${lo}, ${hi}` });
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const d = lo === 0 ? 0.5 : Math.abs(lo) * 0.05;
    return [lo - d, hi + d];
  }
  return [lo, hi];
}

function toImageView(canvas: RgbaImage, options: ImageViewOptions, min: number, max: number): ImageView {
  const bytes = encodePng({ width: canvas.width, height: canvas.height, channels: 4, depth: 8, data: canvas.data });
  const range = `${Number(min.toPrecision(4))} to ${Number(max.toPrecision(4))}${options.valueUnit ? ` ${options.valueUnit}` : ''}`;
  const alt =
    options.alt ??
    `${options.title ? `${options.title}: ` : ''}${options.width}×${options.height} map, ${options.colormap ?? 'viridis'} colour scale from ${range}`;
  return { type: 'image', mediaType: 'image/png', bytes, width: canvas.width, height: canvas.height, ...(options.title ? { title: options.title } : {}), alt };
}
