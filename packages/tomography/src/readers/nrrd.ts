/**
 * Raw binary volumes with a header, in the NRRD format (io/nrrd.ts): an attached `.nrrd` file, or
 * a detached `.nhdr` header read together with its `.raw` data file (`readMany`). Shape, dtype,
 * byte order and voxel size come from the header.
 */
import {
  Confidence,
  completeSource,
  type DeferredArray,
  type FileSource,
  isPartialSource,
  type NumericArray,
  ParseError,
  type ReaderContribution,
  type SniffInput,
  sourceSize,
} from '@ionscope/core';
import { DTYPE_BYTES } from '../io/binary';
import { baseName } from '../io/binary';
import { isNrrd, type NrrdHeader, parseNrrdHeader, readNrrdData } from '../io/nrrd';
import { KIND_LABELS, KIND_VOLUME, volumeDataset } from '../kinds';
import { guardRead } from './guard';
import { headBytes, rawDataInFile } from './ranged';

/** The header must end within this many bytes (as parseNrrdHeader requires). */
const MAX_HEADER = (1 << 20) + 4;

/** 3-D shape of a 1- to 3-D NRRD (missing leading axes of size 1). */
function volumeShape(header: NrrdHeader): [number, number, number] {
  const s = header.shape;
  return (s.length === 3 ? s : s.length === 2 ? [1, ...s] : [1, 1, ...s]) as [number, number, number];
}

/**
 * The data of a ranged source left in the file when they are raw (no gzip, no text, no line
 * skip), otherwise undefined (the caller reads the file whole).
 */
function deferredData(header: NrrdHeader, data: FileSource, start: number): DeferredArray | undefined {
  if (header.encoding !== 'raw' || header.lineSkip > 0 || !isPartialSource(data)) return undefined;
  const shape = volumeShape(header);
  const bytes = shape[0] * shape[1] * shape[2] * DTYPE_BYTES[header.dtype];
  const offset = header.byteSkip === -1 ? sourceSize(data) - bytes : start + header.byteSkip;
  return rawDataInFile(data, { dims: ['z', 'y', 'x'], shape, dtype: header.dtype, littleEndian: header.littleEndian, offset });
}

export function sniffNrrd({ head }: SniffInput): number {
  return isNrrd(head) ? Confidence.certain : Confidence.no;
}

function toDataset(header: NrrdHeader, values: NumericArray | DeferredArray, name: string) {
  const shape = volumeShape(header);
  const sp = header.spacingUm;
  const voxel = sp ? sp[sp.length - 1] : undefined;
  const kind = header.keyValues.ionscope_kind === KIND_LABELS ? KIND_LABELS : KIND_VOLUME;
  const extra: Record<string, unknown> = { nrrdFields: header.fields };
  if (header.spacings && !sp) extra.spacingWithoutUnit = header.spacings;
  if (sp?.some((s) => Math.abs(s - (voxel as number)) > 1e-9 * Math.abs(voxel as number))) extra.anisotropicSpacingUm = sp;
  return volumeDataset({
    values,
    shape,
    kind,
    ...(voxel !== undefined ? { voxelSizeUm: voxel } : {}),
    unit: header.keyValues.ionscope_unit ?? '',
    extraValues: { dtype: header.dtype },
    meta: { title: baseName(name), source: { fileName: name, format: `NRRD (${header.encoding}, ${header.dtype})` }, extra },
  });
}

export async function readNrrd(source: FileSource) {
  const header = parseNrrdHeader(await headBytes(source, MAX_HEADER), source.name);
  if (header.dataFile && header.dataFile !== 'LIST') {
    throw new ParseError(`this header keeps its data in "${header.dataFile}"`, {
      file: source.name,
      field: 'data file',
      expected: 'the header read together with its data file',
    });
  }
  const deferred = deferredData(header, source, header.dataOffset);
  if (deferred) return toDataset(header, deferred, source.name);
  return toDataset(header, await readNrrdData(header, (await completeSource(source)).bytes, source.name, true), source.name);
}

/** A detached header (.nhdr) with its data file. */
export async function readNrrdPair(sources: FileSource[]) {
  const headerSource = sources.find((s) => isNrrd(s.bytes));
  if (!headerSource) throw new ParseError('no NRRD header among the files', { file: sources[0]?.name, expected: 'an .nhdr header and its data file' });
  const header = parseNrrdHeader(await headBytes(headerSource, MAX_HEADER), headerSource.name);
  // an attached NRRD given together with other files is read as one file
  if (!header.dataFile) return readNrrd(headerSource);
  const wanted = baseName(header.dataFile);
  const data = sources.find((s) => s !== headerSource && baseName(s.name) === wanted) ?? sources.find((s) => s !== headerSource);
  if (!data) throw new ParseError(`the data file "${header.dataFile}" was not given`, { file: headerSource.name, field: 'data file' });
  const deferred = deferredData(header, data, 0);
  if (deferred) return toDataset(header, deferred, headerSource.name);
  return toDataset(header, await readNrrdData(header, (await completeSource(data)).bytes, data.name, false), headerSource.name);
}

export const nrrdReader: ReaderContribution = {
  id: 'tomography.nrrd',
  name: 'Raw volume with an NRRD header (.nrrd, or .nhdr + .raw)',
  extensions: ['.nrrd', '.nhdr'],
  kinds: [KIND_VOLUME, KIND_LABELS],
  ranged: true,
  sniff: sniffNrrd,
  read: (source) => guardRead(source.name, () => readNrrd(source)),
  readMany: (sources) => guardRead(sources[0]?.name ?? 'nrrd', () => readNrrdPair(sources)),
};
