/**
 * Annotations for image views: a scale bar with a round physical length, and a colour bar with
 * tick labels. Both draw on an {@link RgbaImage} with the bitmap font.
 */
import { DataError } from '../errors';
import { conversionFactor, isUnit, normalizeUnit, unitsCompatible } from '../units/parse';
import { type Color, drawText, fillRect, measureText, type RgbaImage } from './canvas';
import { type ColormapName, colormapLut } from './colormap';
import { FONT_CAP_HEIGHT } from './font';

/** The length a scale bar shows. */
export interface ScaleBar {
  /** The round length, in `unit`. */
  value: number;
  unit: string;
  /** `"50 µm"`. */
  label: string;
  /** Bar length in image pixels. */
  pixels: number;
}

const LENGTH_UNITS = ['pm', 'nm', 'µm', 'mm', 'm', 'km'];

/** Largest 1, 2 or 5 × 10^k not above x (x > 0). */
export function niceFloor(x: number): number {
  const exp = Math.floor(Math.log10(x));
  const base = 10 ** exp;
  const m = x / base;
  const nice = m >= 5 ? 5 : m >= 2 ? 2 : 1;
  return Number((nice * base).toPrecision(1));
}

/**
 * Picks a scale bar about `targetFraction` of the image width long: a 1-2-5 round length, in the
 * length unit (pm…km) that keeps the number between 1 and 1000 when `unit` is a length, else in
 * `unit` itself. `pixelSize` is the size of one image pixel in `unit`.
 */
export function chooseScaleBar(imageWidth: number, pixelSize: number, unit: string, targetFraction = 0.2): ScaleBar {
  if (!(pixelSize > 0) || !Number.isFinite(pixelSize)) {
    throw new DataError('a scale bar needs a positive pixel size', { field: 'pixelSize', found: String(pixelSize) });
  }
  const target = imageWidth * targetFraction * pixelSize;
  let displayUnit = isUnit(unit) ? normalizeUnit(unit) : unit;
  let inDisplay = target;
  if (isUnit(unit) && unitsCompatible(unit, 'm')) {
    const metres = target * conversionFactor(unit, 'm');
    displayUnit = LENGTH_UNITS[0] as string;
    for (const u of LENGTH_UNITS) if (metres / conversionFactor(u, 'm') >= 1) displayUnit = u;
    inDisplay = metres / conversionFactor(displayUnit, 'm');
  }
  const value = niceFloor(inDisplay);
  const perPixel = displayUnit === unit || !isUnit(unit) ? pixelSize : pixelSize * conversionFactor(unit, displayUnit);
  return { value, unit: displayUnit, label: `${value} ${displayUnit}`.trim(), pixels: value / perPixel };
}

export interface ScaleBarOptions {
  /** Physical size of one image pixel, in `unit`. */
  pixelSize: number;
  unit: string;
  position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  /** Bar length as a fraction of the image width to aim for (default 0.2). */
  targetFraction?: number;
  /** Bar and text colour (default white). */
  color?: Color;
  /** Box behind bar and label (default translucent black); null for none. */
  background?: Color | null;
  /** Font magnification (default 1). */
  scale?: number;
  /** Region of the image the bar refers to (default: the whole image). */
  region?: { x: number; y: number; width: number; height: number };
}

/** Draws a scale bar with its label (`"50 µm"`) in a corner and returns what it shows. */
export function drawScaleBar(image: RgbaImage, options: ScaleBarOptions): ScaleBar {
  const region = options.region ?? { x: 0, y: 0, width: image.width, height: image.height };
  const bar = chooseScaleBar(region.width, options.pixelSize, options.unit, options.targetFraction);
  const s = Math.max(1, Math.floor(options.scale ?? 1));
  const color = options.color ?? '#ffffff';
  const pad = 3 * s;
  const barHeight = 3 * s;
  const text = measureText(bar.label, s);
  const boxW = Math.max(bar.pixels, text.width) + 2 * pad;
  const boxH = FONT_CAP_HEIGHT * s + barHeight + 3 * pad;
  const position = options.position ?? 'bottom-right';
  const margin = 4 * s;
  const bx = position.endsWith('left') ? region.x + margin : region.x + region.width - margin - boxW;
  const by = position.startsWith('top') ? region.y + margin : region.y + region.height - margin - boxH;
  if (options.background !== null) fillRect(image, bx, by, boxW, boxH, options.background ?? [0, 0, 0, 150]);
  const cx = bx + boxW / 2;
  drawText(image, bar.label, cx, by + pad, { color, scale: s, align: 'center' });
  fillRect(image, cx - bar.pixels / 2, by + 2 * pad + FONT_CAP_HEIGHT * s, bar.pixels, barHeight, color);
  return bar;
}

/** About `maxTicks` round (1-2-5) tick values within [min, max]. */
export function niceTicks(min: number, max: number, maxTicks = 6): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return Number.isFinite(min) ? [min] : [];
  const rough = (max - min) / Math.max(1, maxTicks - 1);
  const exp = Math.floor(Math.log10(rough));
  const base = 10 ** exp;
  const m = rough / base;
  const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * base;
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let k = first; k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** A tick label with as many decimals as the step needs (`0.25`, `1500`, `2e-6`). */
export function formatTick(value: number, step: number): string {
  const abs = Math.abs(value);
  if (value === 0 && (step >= 1e5 || step < 1e-3)) return '0';
  if (value !== 0 && (abs >= 1e5 || abs < 1e-3)) {
    const digits = Math.max(0, Math.min(3, Math.floor(Math.log10(abs) + 1e-9) - Math.floor(Math.log10(step) + 1e-9)));
    return value.toExponential(digits).replace('e+', 'e');
  }
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return value.toFixed(Math.min(decimals, 10));
}

export interface ColorbarOptions {
  /** Top-left corner and size of the gradient strip. */
  x: number;
  y: number;
  width: number;
  height: number;
  min: number;
  max: number;
  colormap?: ColormapName;
  reverse?: boolean;
  /** Font magnification (default 1). */
  scale?: number;
  /** Text colour (default black). */
  color?: Color;
}

/** Draws a vertical colour bar (max at the top) with tick marks and labels to its right. */
export function drawColorbar(image: RgbaImage, options: ColorbarOptions): void {
  const { x, y, width, height, min, max } = options;
  const lut = colormapLut(options.colormap ?? 'viridis');
  const color = options.color ?? '#000000';
  const s = Math.max(1, Math.floor(options.scale ?? 1));
  for (let row = 0; row < height; row++) {
    let k = Math.round(((height - 1 - row) / Math.max(1, height - 1)) * 255);
    if (options.reverse) k = 255 - k;
    fillRect(image, x, y + row, width, 1, [lut[3 * k] as number, lut[3 * k + 1] as number, lut[3 * k + 2] as number, 255]);
  }
  // frame
  fillRect(image, x - 1, y - 1, width + 2, 1, color);
  fillRect(image, x - 1, y + height, width + 2, 1, color);
  fillRect(image, x - 1, y, 1, height, color);
  fillRect(image, x + width, y, 1, height, color);
  const ticks = niceTicks(min, max);
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : Math.abs(max - min) || 1;
  for (const t of ticks) {
    const ty = max > min ? y + (height - 1) * (1 - (t - min) / (max - min)) : y + height / 2;
    fillRect(image, x + width, Math.round(ty), 3 * s, Math.max(1, s), color);
    drawText(image, formatTick(t, step), x + width + 5 * s, Math.round(ty - (FONT_CAP_HEIGHT * s) / 2), { color, scale: s });
  }
}
