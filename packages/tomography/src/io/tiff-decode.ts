/**
 * Multi-page greyscale TIFF decoding (8/16/32-bit unsigned, signed or float) on top of utif,
 * which handles the compressions (LZW, Deflate, PackBits...). Before utif sees the bytes the IFD
 * chain is walked here with bounds and cycle checks, because utif loops forever on a cyclic chain
 * and throws plain TypeErrors on truncated files; every failure becomes a ParseError.
 */
import { DTYPE_CONSTRUCTORS, type DType, type NumericArray, ParseError } from '@ionscope/core';
import UTIF, { type IFD } from 'utif';
import { HOST_LITTLE_ENDIAN, swapBytesInPlace } from './binary';

export interface DecodedTiff {
  values: NumericArray;
  width: number;
  height: number;
  pages: number;
  dtype: DType;
  /** pixel size in x/y (µm) from XResolution + ImageJ unit, when present */
  pixelSizeUm?: number;
  /** z spacing (µm) from the ImageJ `spacing=` entry, when present */
  spacingUm?: number;
  description?: string;
  compression: number;
}

const MAX_PAGES = 1_000_000;
const SUPPORTED_COMPRESSION = new Set([1, 5, 8, 32946, 32773]);
const UNIT_TO_UM: Record<string, number> = { micron: 1, microns: 1, um: 1, µm: 1, μm: 1, '\\u00b5m': 1, nm: 1e-3, mm: 1e3, cm: 1e4, m: 1e6 };

/** Checks the header and walks the IFD chain; returns the number of IFDs. */
function checkStructure(bytes: Uint8Array, file?: string): number {
  if (bytes.length < 8) throw new ParseError('too short for a TIFF file', { file, offset: 0, expected: 'an 8-byte TIFF header' });
  const order = String.fromCharCode(bytes[0], bytes[1]);
  if (order !== 'II' && order !== 'MM') throw new ParseError('not a TIFF file', { file, offset: 0, expected: 'byte order mark "II" or "MM"', found: order });
  const le = order === 'II';
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint16(2, le);
  if (magic === 43) throw new ParseError('BigTIFF is not supported', { file, offset: 2, expected: 'classic TIFF (42)' });
  if (magic !== 42) throw new ParseError('not a TIFF file', { file, offset: 2, expected: 'the TIFF magic number 42', found: String(magic) });
  const seen = new Set<number>();
  let offset = dv.getUint32(4, le);
  let count = 0;
  while (offset !== 0) {
    if (seen.has(offset)) throw new ParseError('the IFD chain loops back on itself', { file, offset, expected: 'a chain of image directories ending in 0' });
    seen.add(offset);
    if (offset + 2 > bytes.length)
      throw new ParseError('an image directory points past the end of the file', { file, offset, expected: `an offset below ${bytes.length}` });
    const entries = dv.getUint16(offset, le);
    const end = offset + 2 + entries * 12 + 4;
    if (end > bytes.length) throw new ParseError(`image directory ${count} is truncated`, { file, offset, expected: `${entries} entries` });
    for (let e = 0; e < entries; e++) {
      const at = offset + 2 + e * 12;
      const type = dv.getUint16(at + 2, le);
      const n = dv.getUint32(at + 4, le);
      const size = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8][type] ?? 0;
      if (size * n > 4) {
        const valueOffset = dv.getUint32(at + 8, le);
        if (valueOffset + size * n > bytes.length) {
          throw new ParseError(`tag ${dv.getUint16(at, le)} of image ${count} points past the end of the file`, {
            file,
            offset: at,
            field: `tag ${dv.getUint16(at, le)}`,
          });
        }
      }
    }
    count++;
    if (count > MAX_PAGES) throw new ParseError('too many pages', { file, expected: `at most ${MAX_PAGES}` });
    offset = dv.getUint32(end - 4, le);
  }
  if (count === 0) throw new ParseError('the TIFF has no images', { file, offset: 4 });
  return count;
}

function tagNumber(ifd: IFD, tag: number, fallback?: number): number | undefined {
  const v = ifd[`t${tag}`];
  if (v === undefined) return fallback;
  const x = (v as ArrayLike<number | string>)[0];
  return typeof x === 'number' ? x : fallback;
}

function dtypeFor(bits: number, format: number): DType | undefined {
  if (format === 3) return bits === 32 ? 'float32' : bits === 64 ? 'float64' : undefined;
  const signed = format === 2;
  if (bits === 8) return signed ? 'int8' : 'uint8';
  if (bits === 16) return signed ? 'int16' : 'uint16';
  if (bits === 32) return signed ? 'int32' : 'uint32';
  return undefined;
}

/** Voxel size from an ImageJ description (`unit=`, `spacing=`) and XResolution. */
export function parseResolution(ifd: IFD, description: string | undefined): { pixelSizeUm?: number; spacingUm?: number } {
  const out: { pixelSizeUm?: number; spacingUm?: number } = {};
  let unitFactor: number | undefined;
  if (description) {
    const unit = /(?:^|\n)unit=([^\n]+)/.exec(description)?.[1]?.trim().toLowerCase();
    if (unit && unit in UNIT_TO_UM) unitFactor = UNIT_TO_UM[unit];
    const spacing = Number(/(?:^|\n)spacing=([^\n]+)/.exec(description)?.[1]);
    if (unitFactor !== undefined && Number.isFinite(spacing) && spacing > 0) out.spacingUm = spacing * unitFactor;
  }
  const resUnit = tagNumber(ifd, 296, 2);
  if (unitFactor === undefined && resUnit === 3) unitFactor = 1e4; // pixels per centimetre
  const xres = tagNumber(ifd, 282);
  if (unitFactor !== undefined && xres !== undefined && xres > 0 && Number.isFinite(xres)) out.pixelSizeUm = unitFactor / xres;
  return out;
}

/** Decodes every full-resolution page of a greyscale TIFF into one pages × height × width array. */
export function decodeTiffStack(bytes: Uint8Array, file?: string): DecodedTiff {
  checkStructure(bytes, file);
  const buffer = (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
  let ifds: IFD[];
  try {
    ifds = UTIF.decode(buffer);
  } catch (error) {
    throw new ParseError(`the TIFF directories could not be decoded: ${(error as Error).message}`, { file, cause: error });
  }
  const pages = ifds.filter((ifd) => ifd.t256 !== undefined && ((tagNumber(ifd, 254, 0) as number) & 1) === 0);
  if (pages.length === 0) throw new ParseError('the TIFF has no full-resolution image', { file, field: 'ImageWidth (256)' });
  const first = pages[0] as IFD;
  const width = tagNumber(first, 256) as number;
  const height = tagNumber(first, 257) ?? 0;
  const spp = tagNumber(first, 277, 1) as number;
  const bits = tagNumber(first, 258, 1) as number;
  const format = tagNumber(first, 339, 1) as number;
  const compression = tagNumber(first, 259, 1) as number;
  if (!SUPPORTED_COMPRESSION.has(compression)) {
    // utif leaves the page as zeros for compressions it does not know: refuse rather than return wrong data.
    throw new ParseError(`TIFF compression ${compression} is not supported`, {
      file,
      field: 'Compression (259)',
      expected: 'none (1), LZW (5), Deflate (8/32946) or PackBits (32773)',
    });
  }
  if (spp !== 1) throw new ParseError(`${spp} samples per pixel; only greyscale stacks are read`, { file, field: 'SamplesPerPixel (277)', expected: '1' });
  const dtype = dtypeFor(bits, format);
  if (!dtype || dtype === 'float64') {
    throw new ParseError(`unsupported sample type: ${bits}-bit, SampleFormat ${format}`, {
      file,
      field: 'BitsPerSample (258)',
      expected: '8-, 16- or 32-bit integer or 32-bit float',
    });
  }
  if (!(width > 0 && height > 0)) throw new ParseError('the image has no pixels', { file, field: 'ImageWidth/ImageLength', found: `${width} × ${height}` });
  const predictor = tagNumber(first, 317, 1) as number;
  if (predictor === 3 || (predictor === 2 && bits === 32)) {
    throw new ParseError(`predictor ${predictor} for ${bits}-bit data is not supported`, { file, field: 'Predictor (317)', expected: 'no predictor' });
  }
  const bytesPerPage = width * height * (bits / 8);
  const total = bytesPerPage * pages.length;
  if (!Number.isSafeInteger(total) || total > 2 ** 31) throw new ParseError('the stack is too large to hold in memory', { file, found: `${total} bytes` });
  const Ctor = DTYPE_CONSTRUCTORS[dtype];
  const values = new Ctor(width * height * pages.length);
  const out = new Uint8Array(values.buffer);
  pages.forEach((ifd, p) => {
    const w = tagNumber(ifd, 256);
    const h = tagNumber(ifd, 257);
    if (w !== width || h !== height || tagNumber(ifd, 258, 1) !== bits || tagNumber(ifd, 339, 1) !== format || tagNumber(ifd, 277, 1) !== 1) {
      throw new ParseError(`page ${p} differs from page 0 in size or sample type`, { file, field: `page ${p}`, expected: `${width} × ${height}, ${bits}-bit` });
    }
    if (ifd.t273 === undefined && ifd.t324 === undefined) throw new ParseError(`page ${p} has no strip or tile offsets`, { file, field: 'StripOffsets (273)' });
    const c = tagNumber(ifd, 259, 1) as number;
    if (!SUPPORTED_COMPRESSION.has(c)) throw new ParseError(`page ${p} uses unsupported compression ${c}`, { file, field: 'Compression (259)' });
    // 32946 is the pre-TIFF-6 code for the same zlib Deflate stream as 8, which utif knows.
    if (c === 32946) ifd.t259 = [8];
    try {
      UTIF.decodeImage(buffer, ifd, ifds);
    } catch (error) {
      throw new ParseError(`page ${p} could not be decoded: ${(error as Error).message}`, { file, field: `page ${p}`, cause: error });
    }
    const data = ifd.data;
    if (!data || data.length < bytesPerPage) {
      throw new ParseError(`page ${p} is truncated`, { file, field: `page ${p}`, expected: `${bytesPerPage} bytes`, found: `${data?.length ?? 0} bytes` });
    }
    const dst = out.subarray(p * bytesPerPage, (p + 1) * bytesPerPage);
    dst.set(data.subarray(0, bytesPerPage));
    // utif converts 16-bit samples to little-endian itself; wider samples keep the file order.
    const fileLE = ifd.isLE !== false;
    if (bits > 16 && fileLE !== HOST_LITTLE_ENDIAN) swapBytesInPlace(dst, bits / 8);
    else if (bits === 16 && !HOST_LITTLE_ENDIAN) swapBytesInPlace(dst, 2);
    ifd.data = undefined; // free the page copy
  });
  const descTag = first.t270;
  const description = Array.isArray(descTag) && typeof descTag[0] === 'string' ? (descTag[0] as string) : undefined;
  return { values, width, height, pages: pages.length, dtype, compression, ...(description ? { description } : {}), ...parseResolution(first, description) };
}
