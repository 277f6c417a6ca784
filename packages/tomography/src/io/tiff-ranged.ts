/**
 * Uncompressed multi-page TIFF stacks read in pieces, for files larger than memory: the image
 * directories are walked with byte-range reads (bounds and cycle checked, as in tiff-decode.ts),
 * and a block of pages × rows × columns is read strip by strip from the StripOffsets. Anything
 * this does not handle (compression, tiles, predictors, several samples, pages that differ) makes
 * {@link scanUncompressedStack} return undefined, and the caller decodes the whole file with utif.
 */
import { type DeferredArray, DTYPE_CONSTRUCTORS, type DType, ParseError, throwIfAborted } from '@ionscope/core';
import { HOST_LITTLE_ENDIAN, swapBytesInPlace } from './binary';

export interface RangedTiffStack {
  width: number;
  height: number;
  pages: number;
  dtype: DType;
  /** ImageDescription of the first page. */
  description?: string;
  /** XResolution and ResolutionUnit of the first page, for the voxel size. */
  xResolution?: number;
  resolutionUnit?: number;
  /** The stack as pages × rows × columns, read on demand. */
  array: DeferredArray;
}

type Read = (start: number, end: number) => Promise<Uint8Array>;

const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];
const MAX_PAGES = 1_000_000;

interface Page {
  tags: Map<number, number[]>;
  offsets: number[];
  counts: number[];
}

/** Reads one directory: the tags this module needs, with their out-of-line values. */
async function readDirectory(
  read: Read,
  size: number,
  offset: number,
  le: boolean,
  wantText: boolean,
  file: string,
): Promise<{ page: Page; description?: string; next: number }> {
  if (offset + 2 > size) throw new ParseError('an image directory points past the end of the file', { file, offset, expected: `an offset below ${size}` });
  const n = new DataView((await read(offset, offset + 2)).slice().buffer).getUint16(0, le);
  const end = offset + 2 + n * 12 + 4;
  if (end > size) throw new ParseError('an image directory is truncated', { file, offset, expected: `${n} entries` });
  const entries = await read(offset + 2, end);
  const dv = new DataView(entries.slice().buffer);
  const tags = new Map<number, number[]>();
  let description: string | undefined;
  for (let e = 0; e < n; e++) {
    const at = e * 12;
    const tag = dv.getUint16(at, le);
    const type = dv.getUint16(at + 2, le);
    const count = dv.getUint32(at + 4, le);
    const unit = TYPE_SIZE[type] ?? 0;
    const bytes = unit * count;
    const wanted = [254, 256, 257, 258, 259, 273, 277, 278, 279, 282, 284, 296, 317, 322, 339].includes(tag);
    if (!(wanted || (tag === 270 && wantText)) || unit === 0) continue;
    if (bytes > 64 << 20) throw new ParseError(`tag ${tag} is implausibly large`, { file, offset: offset + 2 + at, field: `tag ${tag}` });
    let raw: Uint8Array;
    if (bytes <= 4) raw = entries.slice(at + 8, at + 8 + bytes);
    else {
      const from = dv.getUint32(at + 8, le);
      if (from + bytes > size) throw new ParseError(`tag ${tag} points past the end of the file`, { file, offset: offset + 2 + at, field: `tag ${tag}` });
      raw = (await read(from, from + bytes)).slice();
    }
    if (tag === 270) {
      description = new TextDecoder('latin1').decode(raw).replace(/\0+$/, '');
      continue;
    }
    const v = new DataView(raw.buffer);
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      if (type === 3) values.push(v.getUint16(2 * i, le));
      else if (type === 4) values.push(v.getUint32(4 * i, le));
      else if (type === 5) values.push(v.getUint32(8 * i, le) / v.getUint32(8 * i + 4, le));
      else if (type === 1) values.push(v.getUint8(i));
      else values.push(Number.NaN);
    }
    tags.set(tag, values);
  }
  const next = dv.getUint32(n * 12, le);
  return { page: { tags, offsets: tags.get(273) ?? [], counts: tags.get(279) ?? [] }, ...(description !== undefined ? { description } : {}), next };
}

const first = (p: Page, tag: number, fallback?: number) => p.tags.get(tag)?.[0] ?? fallback;

function dtypeFor(bits: number, format: number): DType | undefined {
  if (format === 3) return bits === 32 ? 'float32' : undefined;
  const signed = format === 2;
  if (bits === 8) return signed ? 'int8' : 'uint8';
  if (bits === 16) return signed ? 'int16' : 'uint16';
  if (bits === 32) return signed ? 'int32' : 'uint32';
  return undefined;
}

/**
 * Walks a TIFF with range reads. Returns the stack as a deferred array when every full-resolution
 * page is an uncompressed, single-sample, strip-organised image of the same size and type;
 * otherwise undefined. Throws a ParseError for a broken header or directory chain.
 */
export async function scanUncompressedStack(read: Read, size: number, file: string): Promise<RangedTiffStack | undefined> {
  if (size < 8) throw new ParseError('too short for a TIFF file', { file, offset: 0, expected: 'an 8-byte TIFF header' });
  const head = (await read(0, 8)).slice();
  const order = String.fromCharCode(head[0] as number, head[1] as number);
  if (order !== 'II' && order !== 'MM') throw new ParseError('not a TIFF file', { file, offset: 0, expected: 'byte order mark "II" or "MM"', found: order });
  const le = order === 'II';
  const hv = new DataView(head.buffer);
  const magic = hv.getUint16(2, le);
  if (magic === 43) throw new ParseError('BigTIFF is not supported', { file, offset: 2, expected: 'classic TIFF (42)' });
  if (magic !== 42) throw new ParseError('not a TIFF file', { file, offset: 2, expected: 'the TIFF magic number 42', found: String(magic) });
  const pages: Page[] = [];
  const seen = new Set<number>();
  let description: string | undefined;
  for (let offset = hv.getUint32(4, le); offset !== 0; ) {
    if (seen.has(offset)) throw new ParseError('the IFD chain loops back on itself', { file, offset, expected: 'a chain of image directories ending in 0' });
    seen.add(offset);
    if (seen.size > MAX_PAGES) throw new ParseError('too many pages', { file, expected: `at most ${MAX_PAGES}` });
    const dir = await readDirectory(read, size, offset, le, pages.length === 0, file);
    if (pages.length === 0 && dir.description !== undefined) description = dir.description;
    if (dir.page.tags.has(256) && ((first(dir.page, 254, 0) as number) & 1) === 0) pages.push(dir.page);
    offset = dir.next;
  }
  const p0 = pages[0];
  if (!p0) throw new ParseError('the TIFF has no full-resolution image', { file, field: 'ImageWidth (256)' });
  const width = first(p0, 256) as number;
  const height = first(p0, 257, 0) as number;
  const bits = first(p0, 258, 1) as number;
  const format = first(p0, 339, 1) as number;
  const dtype = dtypeFor(bits, format);
  const rowBytes = width * (bits / 8);
  for (const p of pages) {
    const plain =
      first(p, 259, 1) === 1 &&
      first(p, 277, 1) === 1 &&
      first(p, 317, 1) === 1 &&
      !p.tags.has(322) &&
      first(p, 256) === width &&
      first(p, 257, 0) === height &&
      first(p, 258, 1) === bits &&
      first(p, 339, 1) === format &&
      p.offsets.length > 0 &&
      p.offsets.length === p.counts.length;
    if (!plain || !dtype || !(width > 0 && height > 0)) return undefined;
    const rps = Math.min(height, first(p, 278, height) as number);
    if (!(rps > 0) || p.offsets.length < Math.ceil(height / rps)) return undefined;
    for (let s = 0; s < Math.ceil(height / rps); s++) {
      const rows = Math.min(rps, height - s * rps);
      if ((p.counts[s] as number) < rows * rowBytes || (p.offsets[s] as number) + rows * rowBytes > size) {
        throw new ParseError(`strip ${s} of page ${pages.indexOf(p)} is truncated`, {
          file,
          field: 'StripByteCounts (279)',
          expected: `${rows * rowBytes} bytes`,
        });
      }
    }
  }
  const bytesPerSample = bits / 8;
  const swap = bytesPerSample > 1 && le !== HOST_LITTLE_ENDIAN;
  const shape = [pages.length, height, width];
  const array: DeferredArray = {
    dims: ['z', 'y', 'x'],
    shape,
    dtype: dtype as DType,
    unit: '',
    async read(start, count, signal) {
      const [z0, y0, x0] = start as [number, number, number];
      const [cz, cy, cx] = count as [number, number, number];
      shape.forEach((n, d) => {
        const a = start[d] as number;
        const c = count[d] as number;
        if (!Number.isSafeInteger(a) || !Number.isSafeInteger(c) || a < 0 || c < 0 || a + c > n) {
          throw new ParseError(`block [${a}, ${a + c}) is outside 0…${n}`, { file, field: `read.${'zyx'[d]}` });
        }
      });
      const out = new DTYPE_CONSTRUCTORS[dtype as DType](cz * cy * cx);
      const outBytes = new Uint8Array(out.buffer);
      const lineBytes = cx * bytesPerSample;
      for (let z = z0; z < z0 + cz; z++) {
        throwIfAborted(signal);
        const page = pages[z] as Page;
        const rps = Math.min(height, first(page, 278, height) as number);
        for (let y = y0; y < y0 + cy; ) {
          const strip = Math.floor(y / rps);
          const rows = Math.min(rps - (y % rps), y0 + cy - y);
          const from = (page.offsets[strip] as number) + (y % rps) * rowBytes;
          const bytes = await read(from, from + rows * rowBytes);
          if (bytes.length !== rows * rowBytes) throw new ParseError(`page ${z} ends early`, { file, offset: from });
          for (let r = 0; r < rows; r++) {
            const src = r * rowBytes + x0 * bytesPerSample;
            outBytes.set(bytes.subarray(src, src + lineBytes), ((z - z0) * cy + (y - y0 + r)) * cx * bytesPerSample);
          }
          y += rows;
        }
      }
      if (swap) swapBytesInPlace(outBytes, bytesPerSample);
      return out;
    },
  };
  const xres = first(p0, 282);
  const unit = first(p0, 296);
  return {
    width,
    height,
    pages: pages.length,
    dtype: dtype as DType,
    ...(description !== undefined ? { description } : {}),
    ...(xres !== undefined && Number.isFinite(xres) ? { xResolution: xres } : {}),
    ...(unit !== undefined ? { resolutionUnit: unit } : {}),
    array,
  };
}
