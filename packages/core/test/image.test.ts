import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import {
  applyColormap,
  chooseScaleBar,
  COLORMAP_NAMES,
  colormapLut,
  createImage,
  DataError,
  drawColorbar,
  drawScaleBar,
  drawText,
  encodePng,
  fillRect,
  fontCovers,
  formatTick,
  measureText,
  niceTicks,
  renderImageView,
} from '../src/index';

const rgbAt = (lut: Uint8Array, i: number) => [lut[3 * i], lut[3 * i + 1], lut[3 * i + 2]];
const pixel = (data: ArrayLike<number>, width: number, x: number, y: number) => Array.from({ length: 4 }, (_, k) => data[(y * width + x) * 4 + k]);

describe('encodePng', () => {
  it('writes 16-bit grey that decodes to the same samples', () => {
    const data = Uint16Array.from({ length: 7 * 3 }, (_, i) => i * 3000 + 17);
    const png = decode(encodePng({ width: 7, height: 3, channels: 1, depth: 16, data }));
    expect([png.width, png.height, png.channels, png.depth]).toEqual([7, 3, 1, 16]);
    expect(Array.from(png.data)).toEqual(Array.from(data));
  });
  it('writes 8-bit RGBA and grey+alpha', () => {
    const rgba = Uint8Array.from({ length: 2 * 2 * 4 }, (_, i) => (i * 37) % 256);
    expect(Array.from(decode(encodePng({ width: 2, height: 2, channels: 4, depth: 8, data: rgba })).data)).toEqual(Array.from(rgba));
    const ga = Uint8Array.from([0, 255, 128, 0, 255, 64]);
    expect(Array.from(decode(encodePng({ width: 3, height: 1, channels: 2, depth: 8, data: ga })).data)).toEqual(Array.from(ga));
  });
  it('refuses inconsistent input naming the field', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 3, depth: 8, data: new Uint8Array(11) })).toThrow(/field "data".*expected 12/);
    expect(() => encodePng({ width: 2, height: 2, channels: 1, depth: 16, data: new Uint8Array(4) })).toThrow(DataError);
    expect(() => encodePng({ width: 0, height: 2, channels: 1, depth: 8, data: new Uint8Array(0) })).toThrow(/width/);
  });
});

describe('colormaps', () => {
  it('hold the published matplotlib / ColorBrewer colours at their ends', () => {
    expect(COLORMAP_NAMES).toEqual(expect.arrayContaining(['viridis', 'magma', 'inferno', 'plasma', 'cividis', 'gray', 'rdbu']));
    expect(rgbAt(colormapLut('viridis'), 0)).toEqual([68, 1, 84]); // #440154
    expect(rgbAt(colormapLut('viridis'), 255)).toEqual([253, 231, 37]); // #fde725
    expect(rgbAt(colormapLut('magma'), 0)).toEqual([0, 0, 4]);
    expect(rgbAt(colormapLut('magma'), 255)).toEqual([252, 253, 191]);
    expect(rgbAt(colormapLut('inferno'), 255)).toEqual([252, 255, 164]);
    expect(rgbAt(colormapLut('cividis'), 0)).toEqual([0, 34, 78]);
    // ColorBrewer RdBu 11: #67001f ... #f7f7f7 ... #053061
    expect(rgbAt(colormapLut('rdbu'), 0)).toEqual([103, 0, 31]);
    expect(rgbAt(colormapLut('rdbu'), 255)).toEqual([5, 48, 97]);
    const mid = rgbAt(colormapLut('rdbu'), 128);
    for (const c of mid) expect(Math.abs((c as number) - 247)).toBeLessThanOrEqual(3);
    expect(rgbAt(colormapLut('gray'), 0)).toEqual([0, 0, 0]);
    expect(rgbAt(colormapLut('gray'), 200)).toEqual([200, 200, 200]);
  });

  it('are perceptually ordered: CIE L* rises monotonically along viridis, magma, inferno, plasma, cividis and gray', () => {
    const lstar = ([r, g, b]: number[]) => {
      const lin = (c: number) => {
        const v = c / 255;
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      const y = 0.2126 * lin(r as number) + 0.7152 * lin(g as number) + 0.0722 * lin(b as number);
      return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
    };
    for (const name of ['viridis', 'magma', 'inferno', 'plasma', 'cividis', 'gray'] as const) {
      const lut = colormapLut(name);
      const l = Array.from({ length: 256 }, (_, i) => lstar(rgbAt(lut, i) as number[]));
      // 8-bit quantisation allows tiny dips; over 8 entries the lightness must rise
      for (let i = 8; i < 256; i++) expect(l[i], `${name}[${i}]`).toBeGreaterThan((l[i - 8] as number) - 0.01);
      expect((l[255] as number) - (l[0] as number)).toBeGreaterThan(50);
    }
  });

  it('maps values through the colour range, clamping, with NaN and masked pixels apart', () => {
    const lut = colormapLut('viridis');
    const values = [0, 10, 5, -3, 99, Number.NaN, 7.5, Number.POSITIVE_INFINITY];
    const mask = [0, 0, 0, 0, 0, 0, 1, 0];
    const out = applyColormap(values, { min: 0, max: 10, colormap: 'viridis', mask, maskColor: '#ff000080' });
    expect(pixel(out, 8, 0, 0)).toEqual([...rgbAt(lut, 0), 255]);
    expect(pixel(out, 8, 1, 0)).toEqual([...rgbAt(lut, 255), 255]);
    expect(pixel(out, 8, 2, 0)).toEqual([...rgbAt(lut, 128), 255]); // floor(0.5 × 256)
    expect(pixel(out, 8, 3, 0)).toEqual([...rgbAt(lut, 0), 255]);
    expect(pixel(out, 8, 4, 0)).toEqual([...rgbAt(lut, 255), 255]);
    expect(pixel(out, 8, 5, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(out, 8, 6, 0)).toEqual([255, 0, 0, 128]);
    expect(pixel(out, 8, 7, 0)).toEqual([...rgbAt(lut, 255), 255]);
    const reversed = applyColormap([0], { min: 0, max: 1, reverse: true });
    expect(pixel(reversed, 1, 0, 0)).toEqual([...rgbAt(lut, 255), 255]);
    const flat = applyColormap([3, 3, Number.POSITIVE_INFINITY], { min: 3, max: 3 });
    expect(pixel(flat, 3, 2, 0)).toEqual([...rgbAt(lut, 0), 255]);
    expect(() => applyColormap([1], { min: 0, max: 1, colormap: 'jet' as never })).toThrow(/unknown colormap "jet"/);
  });
});

describe('canvas and font', () => {
  it('covers the characters scale bars and tick labels need', () => {
    expect(fontCovers('0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz µ.-°')).toBe(true);
    expect(fontCovers('50 µm 2θ (°) 1.5e-3 cm⁻¹ Ω Å ±×%')).toBe(true);
  });

  it('draws text only inside its measured box, in the given colour', () => {
    const img = createImage(60, 20, '#ffffff');
    const size = measureText('50 µm', 2);
    expect(size.height).toBe(18);
    const w = drawText(img, '50 µm', 3, 1, { color: '#ff0000', scale: 2 });
    expect(w).toBe(size.width);
    let inked = 0;
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const p = pixel(img.data, img.width, x, y);
        if (p[1] === 0) {
          inked++;
          expect(p).toEqual([255, 0, 0, 255]);
          expect(x >= 3 && x < 3 + size.width && y >= 1 && y < 1 + size.height).toBe(true);
        }
      }
    }
    expect(inked).toBeGreaterThan(50);
    // "1" at scale 1: the stem is the middle column, full height
    const one = createImage(5, 9, '#ffffff');
    drawText(one, '1', 0, 0);
    for (let y = 0; y < 7; y++) expect(pixel(one.data, 5, 2, y)[0]).toBe(0);
  });

  it('blends translucent rectangles', () => {
    const img = createImage(2, 1, '#000000');
    fillRect(img, 0, 0, 1, 1, [255, 255, 255, 128]);
    expect(pixel(img.data, 2, 0, 0)).toEqual([128, 128, 128, 255]);
    expect(pixel(img.data, 2, 1, 0)).toEqual([0, 0, 0, 255]);
  });
});

describe('scale bar', () => {
  it('picks a round length in a sensible length unit', () => {
    expect(chooseScaleBar(500, 0.65, 'µm')).toMatchObject({ value: 50, unit: 'µm', label: '50 µm' });
    expect(chooseScaleBar(500, 0.65, 'µm').pixels).toBeCloseTo(50 / 0.65, 10);
    expect(chooseScaleBar(400, 2e-9, 'm')).toMatchObject({ value: 100, unit: 'nm', label: '100 nm' });
    expect(chooseScaleBar(400, 2e-9, 'm').pixels).toBeCloseTo(50, 6);
    expect(chooseScaleBar(1000, 1.3, 'mm')).toMatchObject({ value: 200, unit: 'mm' });
    expect(chooseScaleBar(100, 0.02, 'um')).toMatchObject({ value: 200, unit: 'nm' });
    expect(chooseScaleBar(256, 0.5, 's')).toMatchObject({ value: 20, unit: 's', pixels: 40 });
    expect(() => chooseScaleBar(100, 0, 'µm')).toThrow(/pixelSize/);
  });

  it('draws the bar with the right length in the bottom-right corner', () => {
    const img = createImage(400, 200, '#000000');
    const bar = drawScaleBar(img, { pixelSize: 0.5, unit: 'µm', background: null, color: '#ffffff' });
    expect(bar.label).toBe('20 µm');
    expect(bar.pixels).toBe(40);
    // find the bar: the longest run of white pixels in one row
    let best = 0;
    for (let y = 0; y < img.height; y++) {
      let run = 0;
      for (let x = 0; x < img.width; x++) {
        run = pixel(img.data, img.width, x, y)[0] === 255 ? run + 1 : 0;
        best = Math.max(best, run);
      }
    }
    expect(best).toBe(40);
    expect(pixel(img.data, 400, 10, 10)).toEqual([0, 0, 0, 255]);
  });
});

describe('ticks and colour bar', () => {
  it('chooses 1-2-5 ticks and formats them', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3.7, 12.1)).toEqual([0, 5, 10]);
    expect(niceTicks(1200, 1350)).toEqual([1200, 1250, 1300, 1350]);
    expect(formatTick(0.25, 0.05)).toBe('0.25');
    expect(formatTick(0, 0.5)).toBe('0.0');
    expect(formatTick(1500, 500)).toBe('1500');
    expect(formatTick(2e-6, 1e-6)).toBe('2e-6');
    expect(formatTick(2.5e-6, 5e-7)).toBe('2.5e-6');
    expect(formatTick(350000, 50000)).toBe('3.5e5');
  });
  it('draws the gradient with the maximum at the top', () => {
    const img = createImage(80, 120, '#ffffff');
    drawColorbar(img, { x: 5, y: 5, width: 10, height: 100, min: 0, max: 1, colormap: 'magma' });
    const lut = colormapLut('magma');
    expect(pixel(img.data, 80, 10, 5)).toEqual([...rgbAt(lut, 255), 255]);
    expect(pixel(img.data, 80, 10, 104)).toEqual([...rgbAt(lut, 0), 255]);
  });
});

describe('renderImageView', () => {
  it('returns a PNG with the map, title, scale bar and colour bar', () => {
    const width = 32;
    const height = 16;
    const values = Float64Array.from({ length: width * height }, (_, i) => i % width); // 0..31 left to right
    const view = renderImageView({ values, width, height, colormap: 'viridis', title: 'Porosity', pixelSize: 2, unit: 'µm', valueLabel: 'x', valueUnit: 'px' });
    expect(view.type).toBe('image');
    expect(view.mediaType).toBe('image/png');
    expect(view.title).toBe('Porosity');
    expect(view.alt).toMatch(/Porosity: 32×16 map, viridis colour scale from 0 to 31 px/);
    const png = decode(view.bytes);
    expect([png.width, png.height, png.channels]).toEqual([view.width, view.height, 4]);
    // zoom = floor(384 / 32) = 12 → 8 (capped); the map starts at (pad, pad + header) = (6, 6 + 9 + 6)
    const zoom = 8;
    const x0 = 6;
    const y0 = 21;
    const lut = colormapLut('viridis');
    expect(pixel(png.data, png.width, x0 + 1, y0 + 1)).toEqual([...rgbAt(lut, 0), 255]);
    expect(pixel(png.data, png.width, x0 + 31 * zoom + 2, y0 + 1)).toEqual([...rgbAt(lut, 255), 255]);
    const xMid = x0 + 10 * zoom + 3;
    expect(pixel(png.data, png.width, xMid, y0 + 2)).toEqual([...rgbAt(lut, Math.floor((10 / 31) * 256)), 255]);
    // title ink above the map
    let titleInk = 0;
    for (let y = 6; y < 15; y++) for (let x = 0; x < png.width; x++) if ((png.data[(y * png.width + x) * 4] as number) < 100) titleInk++;
    expect(titleInk).toBeGreaterThan(20);
    // scale bar: 2 µm pixels / zoom 8 → 0.25 µm per screen pixel; 20 % of 256 px = 12.8 µm → 10 µm = 40 px of white
    let longestWhite = 0;
    for (let y = y0; y < y0 + height * zoom; y++) {
      let run = 0;
      for (let x = x0; x < x0 + width * zoom; x++) {
        const p = pixel(png.data, png.width, x, y);
        run = p[0] === 255 && p[1] === 255 && p[2] === 255 ? run + 1 : 0;
        longestWhite = Math.max(longestWhite, run);
      }
    }
    expect(longestWhite).toBe(40);
    // colour bar right of the map: top row is the top colour
    const barX = x0 + width * zoom + 12 + 2;
    expect(pixel(png.data, png.width, barX, y0)).toEqual([...rgbAt(lut, 255), 255]);
  });

  it('handles constant, NaN-only and masked input, and refuses a wrong size', () => {
    const flat = renderImageView({ values: [2, 2, 2, 2], width: 2, height: 2 });
    expect(decode(flat.bytes).width).toBe(flat.width);
    const nan = renderImageView({ values: [Number.NaN, Number.NaN], width: 2, height: 1, colorbar: false });
    expect(decode(nan.bytes).height).toBe(nan.height);
    const masked = renderImageView({ values: [0, 1000, 1], width: 3, height: 1, mask: [0, 1, 0] });
    expect(masked.alt).toMatch(/from 0 to 1$/);
    expect(() => renderImageView({ values: [1, 2, 3], width: 2, height: 2 })).toThrow(/3 values for a 2×2 image/);
  });
});
