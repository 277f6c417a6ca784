/**
 * Raw binary volumes with a header, in the NRRD format (io/nrrd.ts): an attached `.nrrd` file, or
 * a detached `.nhdr` header read together with its `.raw` data file (`readMany`). Shape, dtype,
 * byte order and voxel size come from the header.
 */
import { Confidence, type FileSource, ParseError, type ReaderContribution, type SniffInput } from '@ionscope/core';
import { baseName } from '../io/binary';
import { isNrrd, type NrrdHeader, parseNrrdHeader, readNrrdData } from '../io/nrrd';
import { KIND_LABELS, KIND_VOLUME, volumeDataset } from '../kinds';
import { guardRead } from './guard';

export function sniffNrrd({ head }: SniffInput): number {
  return isNrrd(head) ? Confidence.certain : Confidence.no;
}

function toDataset(header: NrrdHeader, values: Awaited<ReturnType<typeof readNrrdData>>, name: string) {
  const shape = header.shape.length === 3 ? header.shape : header.shape.length === 2 ? [1, ...header.shape] : [1, 1, ...header.shape];
  const sp = header.spacingUm;
  const voxel = sp ? sp[sp.length - 1] : undefined;
  const kind = header.keyValues.ionscope_kind === KIND_LABELS ? KIND_LABELS : KIND_VOLUME;
  const extra: Record<string, unknown> = { nrrdFields: header.fields };
  if (header.spacings && !sp) extra.spacingWithoutUnit = header.spacings;
  if (sp?.some((s) => Math.abs(s - (voxel as number)) > 1e-9 * Math.abs(voxel as number))) extra.anisotropicSpacingUm = sp;
  return volumeDataset({
    values,
    shape: shape as [number, number, number],
    kind,
    ...(voxel !== undefined ? { voxelSizeUm: voxel } : {}),
    unit: header.keyValues.ionscope_unit ?? '',
    extraValues: { dtype: header.dtype },
    meta: { title: baseName(name), source: { fileName: name, format: `NRRD (${header.encoding}, ${header.dtype})` }, extra },
  });
}

export async function readNrrd(source: FileSource) {
  const header = parseNrrdHeader(source.bytes, source.name);
  if (header.dataFile && header.dataFile !== 'LIST') {
    throw new ParseError(`this header keeps its data in "${header.dataFile}"`, {
      file: source.name,
      field: 'data file',
      expected: 'the header read together with its data file',
    });
  }
  return toDataset(header, await readNrrdData(header, source.bytes, source.name, true), source.name);
}

/** A detached header (.nhdr) with its data file. */
export async function readNrrdPair(sources: FileSource[]) {
  const headerSource = sources.find((s) => isNrrd(s.bytes));
  if (!headerSource) throw new ParseError('no NRRD header among the files', { file: sources[0]?.name, expected: 'an .nhdr header and its data file' });
  const header = parseNrrdHeader(headerSource.bytes, headerSource.name);
  if (!header.dataFile) return toDataset(header, await readNrrdData(header, headerSource.bytes, headerSource.name, true), headerSource.name);
  const wanted = baseName(header.dataFile);
  const data = sources.find((s) => s !== headerSource && baseName(s.name) === wanted) ?? sources.find((s) => s !== headerSource);
  if (!data) throw new ParseError(`the data file "${header.dataFile}" was not given`, { file: headerSource.name, field: 'data file' });
  return toDataset(header, await readNrrdData(header, data.bytes, data.name, false), headerSource.name);
}

export const nrrdReader: ReaderContribution = {
  id: 'tomography.nrrd',
  name: 'Raw volume with an NRRD header (.nrrd, or .nhdr + .raw)',
  extensions: ['.nrrd', '.nhdr'],
  kinds: [KIND_VOLUME, KIND_LABELS],
  sniff: sniffNrrd,
  read: (source) => guardRead(source.name, () => readNrrd(source)),
  readMany: (sources) => guardRead(sources[0]?.name ?? 'nrrd', () => readNrrdPair(sources)),
};
