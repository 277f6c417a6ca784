/**
 * A multi-page TIFF writer for 8-, 16- and 32-bit greyscale stacks (unsigned, signed or IEEE float).
 *
 * Hand-written because no JavaScript TIFF library writes multi-page 16/32-bit files correctly
 * (TOOLCHAIN.md §4). The layout follows the TIFF 6.0 baseline (Adobe 1992): little-endian "II",
 * one uncompressed strip per page, tags in ascending order, SampleFormat (339) for signed/float
 * data. The first page carries an ImageJ-style ImageDescription (`images=`, `slices=`, `unit=`,
 * `spacing=`) and every page XResolution/YResolution = 1/pixel size, so Fiji/ImageJ and this
 * package's reader recover the voxel size. Classic TIFF addresses at most 4 GiB.
 */
import { type NumericArray, SerializationError } from '@ionscope/core';
import { HOST_LITTLE_ENDIAN } from './binary';

export interface TiffStackOptions {
  width: number;
  height: number;
  /** number of pages (z) */
  pages: number;
  /** voxel size in µm (written as ImageJ spacing/unit and X/YResolution) */
  voxelSizeUm?: number;
  /** extra `key=value` lines for the ImageDescription */
  description?: Record<string, string | number>;
}

const TYPE_SHORT = 3;
const TYPE_LONG = 4;
const TYPE_ASCII = 2;
const TYPE_RATIONAL = 5;

function sampleFormat(values: NumericArray): { bits: number; format: number } {
  if (values instanceof Uint8Array) return { bits: 8, format: 1 };
  if (values instanceof Int8Array) return { bits: 8, format: 2 };
  if (values instanceof Uint16Array) return { bits: 16, format: 1 };
  if (values instanceof Int16Array) return { bits: 16, format: 2 };
  if (values instanceof Uint32Array) return { bits: 32, format: 1 };
  if (values instanceof Int32Array) return { bits: 32, format: 2 };
  if (values instanceof Float32Array) return { bits: 32, format: 3 };
  throw new SerializationError('TIFF stacks are written as 8-, 16- or 32-bit samples; convert float64 to float32 first', {
    field: 'dtype',
    expected: 'uint8, int8, uint16, int16, uint32, int32 or float32',
    found: 'float64',
  });
}

/** A rational close to `x` with 32-bit numerator and denominator. */
function rational(x: number): [number, number] {
  if (!(x > 0) || !Number.isFinite(x)) return [1, 1];
  let den = 1;
  while (den < 1e9 && x * den * 10 < 4e9 && Math.abs(Math.round(x * den) - x * den) > 1e-9 * x * den) den *= 10;
  return [Math.max(1, Math.round(x * den)), den];
}

/**
 * Encodes `values` (pages × height × width, row-major) as a multi-page little-endian TIFF.
 * Throws a SerializationError when the shape does not match or the file would exceed 4 GiB.
 */
export function encodeTiffStack(values: NumericArray, options: TiffStackOptions): Uint8Array {
  const { width, height, pages } = options;
  if (!(width > 0 && height > 0 && pages > 0) || values.length !== width * height * pages) {
    throw new SerializationError(`a ${pages} × ${height} × ${width} stack needs ${width * height * pages} values, found ${values.length}`, { field: 'shape' });
  }
  const { bits, format } = sampleFormat(values);
  const bytesPerPage = width * height * (bits / 8);

  const descLines = [`ImageJ=1.11a`, `images=${pages}`];
  if (pages > 1) descLines.push(`slices=${pages}`);
  if (options.voxelSizeUm !== undefined) descLines.push('unit=micron', `spacing=${options.voxelSizeUm}`);
  for (const [k, v] of Object.entries(options.description ?? {})) descLines.push(`${k}=${String(v).replace(/[\n\r]/g, ' ')}`);
  descLines.push('loop=false');
  const description = new TextEncoder().encode(`${descLines.join('\n')}\n\0`);

  const hasRes = options.voxelSizeUm !== undefined && options.voxelSizeUm > 0;
  const nTags = 13 + (hasRes ? 3 : 0);
  const ifdSize = 2 + nTags * 12 + 4;
  // layout: header | description | (rationals) | per page: IFD then data (data 8-byte aligned)
  let offset = 8;
  const descOffset = offset;
  offset += description.length;
  offset = (offset + 7) & ~7;
  const resOffset = offset;
  if (hasRes) offset += 8;
  const ifdOffsets: number[] = [];
  const dataOffsets: number[] = [];
  for (let p = 0; p < pages; p++) {
    offset = (offset + 1) & ~1;
    ifdOffsets.push(offset);
    offset += ifdSize;
    offset = (offset + 7) & ~7;
    dataOffsets.push(offset);
    offset += bytesPerPage;
  }
  if (offset > 0xffffffff) {
    throw new SerializationError(`the TIFF would be ${offset} bytes; classic TIFF holds at most 4 GiB`, {
      expected: 'a smaller volume (write it in slabs or as NRRD)',
    });
  }
  const out = new Uint8Array(offset);
  const dv = new DataView(out.buffer);
  out[0] = 0x49;
  out[1] = 0x49;
  dv.setUint16(2, 42, true);
  dv.setUint32(4, ifdOffsets[0] as number, true);
  out.set(description, descOffset);
  if (hasRes) {
    const [num, den] = rational(1 / (options.voxelSizeUm as number));
    dv.setUint32(resOffset, num, true);
    dv.setUint32(resOffset + 4, den, true);
  }

  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytesPerSample = bits / 8;
  for (let p = 0; p < pages; p++) {
    let at = ifdOffsets[p] as number;
    dv.setUint16(at, nTags, true);
    at += 2;
    const tag = (id: number, type: number, count: number, value: number) => {
      dv.setUint16(at, id, true);
      dv.setUint16(at + 2, type, true);
      dv.setUint32(at + 4, count, true);
      if (type === TYPE_SHORT && count === 1) dv.setUint16(at + 8, value, true);
      else dv.setUint32(at + 8, value, true);
      at += 12;
    };
    tag(254, TYPE_LONG, 1, 0);
    tag(256, TYPE_LONG, 1, width);
    tag(257, TYPE_LONG, 1, height);
    tag(258, TYPE_SHORT, 1, bits);
    tag(259, TYPE_SHORT, 1, 1);
    tag(262, TYPE_SHORT, 1, 1);
    tag(270, TYPE_ASCII, description.length, descOffset);
    tag(273, TYPE_LONG, 1, dataOffsets[p] as number);
    tag(277, TYPE_SHORT, 1, 1);
    tag(278, TYPE_LONG, 1, height);
    tag(279, TYPE_LONG, 1, bytesPerPage);
    if (hasRes) {
      tag(282, TYPE_RATIONAL, 1, resOffset);
      tag(283, TYPE_RATIONAL, 1, resOffset);
    }
    tag(284, TYPE_SHORT, 1, 1);
    if (hasRes) tag(296, TYPE_SHORT, 1, 1);
    tag(339, TYPE_SHORT, 1, format);
    dv.setUint32(at, p + 1 < pages ? (ifdOffsets[p + 1] as number) : 0, true);
    const page = src.subarray(p * bytesPerPage, (p + 1) * bytesPerPage);
    const dst = dataOffsets[p] as number;
    out.set(page, dst);
    if (!HOST_LITTLE_ENDIAN && bytesPerSample > 1) {
      for (let i = dst; i < dst + bytesPerPage; i += bytesPerSample) out.subarray(i, i + bytesPerSample).reverse();
    }
  }
  return out;
}
