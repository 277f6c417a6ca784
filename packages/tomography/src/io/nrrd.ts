/**
 * NRRD ("nearly raw raster data", Kindlmann, teem.sourceforge.net/nrrd/format.html): the raw
 * binary format with a small text header that this package reads and writes for volumes. A header
 * gives `type`, `dimension`, `sizes` (fastest axis first), `endian`, `encoding` (raw, gzip, ascii),
 * `spacings` with `space units`/`units`, and optionally `data file` for a detached header (.nhdr
 * next to a .raw). Chosen over an invented sidecar because 3D Slicer, ITK, Fiji and teem read it.
 *
 * Voxel size: `spacings` (or the diagonal of `space directions`) in the axis unit; converted to µm
 * when the unit is a length (`microns`, `um`, `mm`...). A spacing without a unit is kept in
 * `meta.extra` but not taken as a voxel size. ionscope writes `ionscope_kind:=` and
 * `ionscope_unit:=` key/value pairs so a round trip keeps the dataset kind and the value unit.
 */
import { type DType, dtypeOf, type NumericArray, ParseError, DTYPE_CONSTRUCTORS } from '@ionscope/core';
import { checkedShapeSize, readTypedArray, typedArrayBytes } from './binary';

export interface NrrdHeader {
  dtype: DType;
  /** row-major shape (slowest first), i.e. the reverse of NRRD `sizes` */
  shape: number[];
  littleEndian: boolean;
  encoding: 'raw' | 'gzip' | 'ascii';
  /** per axis (row-major order), in µm when the unit is known */
  spacingUm?: number[];
  /** raw spacings and units as found */
  spacings?: number[];
  units?: string[];
  dataFile?: string;
  byteSkip: number;
  lineSkip: number;
  /** offset of the data in the same file (attached header) */
  dataOffset: number;
  keyValues: Record<string, string>;
  fields: Record<string, string>;
}

const TYPES: Record<string, DType> = {
  'signed char': 'int8',
  int8: 'int8',
  int8_t: 'int8',
  uchar: 'uint8',
  'unsigned char': 'uint8',
  uint8: 'uint8',
  uint8_t: 'uint8',
  short: 'int16',
  'short int': 'int16',
  'signed short': 'int16',
  'signed short int': 'int16',
  int16: 'int16',
  int16_t: 'int16',
  ushort: 'uint16',
  'unsigned short': 'uint16',
  'unsigned short int': 'uint16',
  uint16: 'uint16',
  uint16_t: 'uint16',
  int: 'int32',
  'signed int': 'int32',
  int32: 'int32',
  int32_t: 'int32',
  uint: 'uint32',
  'unsigned int': 'uint32',
  uint32: 'uint32',
  uint32_t: 'uint32',
  float: 'float32',
  double: 'float64',
};

const LENGTH_UNITS: Record<string, number> = { micron: 1, microns: 1, um: 1, µm: 1, μm: 1, nm: 1e-3, mm: 1e3, cm: 1e4, m: 1e6, meter: 1e6, meters: 1e6 };

export function isNrrd(head: Uint8Array): boolean {
  return head.length >= 8 && String.fromCharCode(...head.subarray(0, 7)) === 'NRRD000';
}

function quotedList(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1] as string);
  return out;
}

/** Header text: UTF-8 when it is valid UTF-8 (ionscope writes `µm` in key/values that way), else Latin-1. */
function decodeHeader(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** Parses an NRRD header (attached or detached). */
export function parseNrrdHeader(bytes: Uint8Array, file?: string): NrrdHeader {
  if (!isNrrd(bytes)) throw new ParseError('not an NRRD file', { file, line: 1, expected: 'the magic NRRD000x' });
  // The header ends at the first empty line (or at the end of a detached header).
  let end = bytes.length;
  let dataOffset = bytes.length;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0a) {
      end = i;
      dataOffset = i + 2;
      break;
    }
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) {
      end = i;
      dataOffset = i + 3;
      break;
    }
    if (i > 1 << 20) throw new ParseError('no blank line ends the NRRD header within 1 MiB', { file, expected: 'a blank line after the header' });
  }
  const lines = decodeHeader(bytes.subarray(0, end)).split(/\r?\n/);
  const fields: Record<string, string> = {};
  const keyValues: Record<string, string> = {};
  lines.forEach((line, i) => {
    if (i === 0 || line.startsWith('#') || line.trim() === '') return;
    const kv = line.indexOf(':=');
    if (kv > 0) {
      keyValues[line.slice(0, kv)] = line.slice(kv + 2);
      return;
    }
    const colon = line.indexOf(': ');
    if (colon <= 0) throw new ParseError('expected "field: value"', { file, line: i + 1, found: line });
    fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 2).trim();
  });
  const need = (name: string): string => {
    const v = fields[name];
    if (v === undefined) throw new ParseError(`the NRRD header has no "${name}" field`, { file, field: name });
    return v;
  };
  const typeName = need('type').toLowerCase();
  const dtype = TYPES[typeName];
  if (!dtype) throw new ParseError(`unsupported NRRD type "${typeName}"`, { file, field: 'type', expected: 'an 8/16/32-bit integer, float or double' });
  const dimension = Number(need('dimension'));
  const sizes = need('sizes').split(/\s+/).map(Number);
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 3 || sizes.length !== dimension) {
    throw new ParseError('expected 1 to 3 axes with one size each', { file, field: 'sizes', found: `dimension ${fields.dimension}, sizes ${fields.sizes}` });
  }
  const shape = [...sizes].reverse();
  if (!Number.isFinite(checkedShapeSize(shape))) throw new ParseError('invalid sizes', { file, field: 'sizes', found: fields.sizes });
  const encodingName = need('encoding').toLowerCase();
  const encoding =
    encodingName === 'raw'
      ? 'raw'
      : encodingName === 'gzip' || encodingName === 'gz'
        ? 'gzip'
        : encodingName === 'ascii' || encodingName === 'text' || encodingName === 'txt'
          ? 'ascii'
          : undefined;
  if (!encoding) throw new ParseError(`unsupported NRRD encoding "${encodingName}"`, { file, field: 'encoding', expected: 'raw, gzip or ascii' });
  const endian = (fields.endian ?? 'little').toLowerCase();
  if (endian !== 'little' && endian !== 'big') throw new ParseError('endian must be little or big', { file, field: 'endian', found: endian });

  let spacings: number[] | undefined;
  if (fields.spacings) spacings = fields.spacings.split(/\s+/).map(Number);
  else if (fields['space directions']) {
    const vectors = [...fields['space directions'].matchAll(/\(([^)]*)\)/g)].map((m) => (m[1] as string).split(',').map(Number));
    if (vectors.length === dimension) spacings = vectors.map((v) => Math.hypot(...v));
  }
  const units = fields['space units'] ? quotedList(fields['space units']) : fields.units ? quotedList(fields.units) : undefined;
  const header: NrrdHeader = {
    dtype,
    shape,
    littleEndian: endian === 'little',
    encoding,
    byteSkip: Number(fields['byte skip'] ?? 0),
    lineSkip: Number(fields['line skip'] ?? 0),
    dataOffset,
    keyValues,
    fields,
  };
  if (spacings && spacings.length === dimension && spacings.every((s) => Number.isFinite(s))) {
    header.spacings = [...spacings].reverse();
    if (units && units.length === dimension) {
      header.units = [...units].reverse();
      const factors = header.units.map((u) => LENGTH_UNITS[u.toLowerCase()]);
      if (factors.every((f) => f !== undefined)) header.spacingUm = header.spacings.map((s, i) => s * (factors[i] as number));
    }
  }
  const dataFile = fields['data file'] ?? fields.datafile;
  if (dataFile) header.dataFile = dataFile;
  return header;
}

async function gunzip(bytes: Uint8Array, file?: string): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined')
    throw new ParseError('gzip-encoded NRRD needs DecompressionStream (Node ≥ 18 or a browser)', { file, field: 'encoding' });
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new ParseError(`the gzip data could not be decompressed: ${(error as Error).message}`, { file, field: 'encoding', cause: error });
  }
}

/** Decodes the data of an NRRD (from the same bytes for an attached header, or from `data`). */
export async function readNrrdData(header: NrrdHeader, bytes: Uint8Array, file?: string, attached = true): Promise<NumericArray> {
  const count = checkedShapeSize(header.shape);
  let start = attached ? header.dataOffset : 0;
  for (let l = 0; l < header.lineSkip; l++) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) throw new ParseError('line skip runs past the end of the data', { file, field: 'line skip' });
    start = nl + 1;
  }
  if (header.encoding === 'ascii') {
    const text = new TextDecoder('latin1').decode(bytes.subarray(start));
    const tokens = text.split(/[\s,]+/).filter((t) => t.length > 0);
    if (tokens.length < count) throw new ParseError(`expected ${count} numbers, found ${tokens.length}`, { file, field: 'data' });
    const out = new DTYPE_CONSTRUCTORS[header.dtype](count);
    for (let i = 0; i < count; i++) {
      const v = Number(tokens[i]);
      if (!Number.isFinite(v)) throw new ParseError('expected a number', { file, field: `data[${i}]`, found: tokens[i] });
      out[i] = v;
    }
    return out;
  }
  let raw = bytes.subarray(start);
  if (header.encoding === 'gzip') raw = await gunzip(raw, file);
  const size = DTYPE_CONSTRUCTORS[header.dtype].BYTES_PER_ELEMENT;
  // byte skip -1 means "the data are the last bytes of the file" (raw encoding only).
  const skip = header.byteSkip === -1 ? raw.length - count * size : header.byteSkip;
  if (!(skip >= 0)) throw new ParseError('invalid byte skip', { file, field: 'byte skip', found: String(header.byteSkip) });
  return readTypedArray(raw, skip, count, header.dtype, header.littleEndian, file);
}

const NRRD_TYPE: Record<DType, string> = {
  int8: 'int8',
  uint8: 'uint8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  float32: 'float',
  float64: 'double',
};

export interface NrrdWriteOptions {
  spacingUm?: number;
  keyValues?: Record<string, string>;
  comment?: string;
}

/**
 * The header of an attached, raw, little-endian NRRD (ending in the blank line): the data follow
 * it directly, so a volume can be streamed out after it slab by slab.
 */
export function encodeNrrdHeader(shape: readonly number[], dtype: DType, options: NrrdWriteOptions = {}): Uint8Array {
  const sizes = [...shape].reverse();
  const lines = [
    'NRRD0004',
    `# ${options.comment ?? 'written by @ionscope/tomography'}`,
    `type: ${NRRD_TYPE[dtype]}`,
    `dimension: ${shape.length}`,
    `sizes: ${sizes.join(' ')}`,
  ];
  lines.push('endian: little', 'encoding: raw');
  if (options.spacingUm !== undefined) {
    lines.push(`spacings: ${sizes.map(() => options.spacingUm).join(' ')}`);
    lines.push(`units: ${sizes.map(() => '"microns"').join(' ')}`);
  }
  for (const [k, v] of Object.entries(options.keyValues ?? {})) lines.push(`${k}:=${v.replace(/\n/g, ' ')}`);
  return new TextEncoder().encode(`${lines.join('\n')}\n\n`);
}

/** Encodes a row-major array as an attached, raw, little-endian NRRD. */
export function encodeNrrd(values: NumericArray, shape: readonly number[], options: NrrdWriteOptions = {}): Uint8Array {
  const head = encodeNrrdHeader(shape, dtypeOf(values), options);
  const body = typedArrayBytes(values, true);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}
