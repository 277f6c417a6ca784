/**
 * Multi-page TIFF stacks and folders of single-page TIFFs (8/16/32-bit, any compression utif
 * decodes) as a `tomography.volume` z × y × x. Pages become z. The voxel size comes from the
 * ImageJ description (`unit=`, `spacing=`) and XResolution when present (see io/tiff-decode.ts).
 * Files of a folder are stacked in natural name order (slice_2 before slice_10).
 */
import {
  Confidence,
  completeSource,
  type DeferredArray,
  DTYPE_CONSTRUCTORS,
  type FileSource,
  isPartialSource,
  type NumericArray,
  ParseError,
  type ReaderContribution,
  readSourceRange,
  type SniffInput,
  sourceSize,
} from '@ionscope/core';
import { baseName, extensionOf } from '../io/binary';
import { decodeTiffStack, type DecodedTiff, parseResolution } from '../io/tiff-decode';
import { scanUncompressedStack } from '../io/tiff-ranged';
import { KIND_VOLUME, volumeDataset } from '../kinds';
import { guardRead } from './guard';

export function sniffTiff({ head, name }: SniffInput): number {
  if (head.length < 4) return Confidence.no;
  const le = head[0] === 0x49 && head[1] === 0x49 && head[2] === 42 && head[3] === 0;
  const be = head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 42;
  if (!le && !be) return Confidence.no;
  const ext = extensionOf(name);
  return ext === '.tif' || ext === '.tiff' ? Confidence.likely : Confidence.plausible;
}

function toDataset(d: Omit<DecodedTiff, 'values'> & { values: NumericArray | DeferredArray }, name: string, parts?: number) {
  const voxel = d.pixelSizeUm ?? d.spacingUm;
  return volumeDataset({
    values: d.values,
    shape: [d.pages, d.height, d.width],
    ...(voxel !== undefined ? { voxelSizeUm: voxel } : {}),
    extraValues: {
      dtype: d.dtype,
      ...(d.spacingUm !== undefined && d.pixelSizeUm !== undefined && Math.abs(d.spacingUm - d.pixelSizeUm) > 1e-9 * d.pixelSizeUm
        ? { anisotropicSpacing: { x: d.pixelSizeUm, y: d.pixelSizeUm, z: d.spacingUm, unit: 'µm' } }
        : {}),
    },
    meta: {
      title: baseName(name),
      source: { fileName: name, format: `TIFF ${d.dtype}${parts ? `, ${parts} files` : d.pages > 1 ? `, ${d.pages} pages` : ''}` },
      ...(d.description
        ? { extra: { imageDescription: d.description.slice(0, 2000), compression: d.compression } }
        : { extra: { compression: d.compression } }),
    },
  });
}

/**
 * A TIFF stack. A file larger than memory (a ranged source) that is uncompressed and strip-organised
 * stays in the file, read a block of pages/rows at a time; anything else is decoded whole.
 */
export async function readTiff(source: FileSource) {
  if (isPartialSource(source)) {
    const stack = await scanUncompressedStack((a, b) => readSourceRange(source, a, b), sourceSize(source), source.name);
    if (stack) {
      const resolution = parseResolution(
        {
          ...(stack.xResolution !== undefined ? { t282: [stack.xResolution] } : {}),
          ...(stack.resolutionUnit !== undefined ? { t296: [stack.resolutionUnit] } : {}),
        },
        stack.description,
      );
      return toDataset(
        {
          values: stack.array,
          width: stack.width,
          height: stack.height,
          pages: stack.pages,
          dtype: stack.dtype,
          compression: 1,
          ...(stack.description ? { description: stack.description } : {}),
          ...resolution,
        },
        source.name,
      );
    }
  }
  const whole = await completeSource(source);
  return toDataset(decodeTiffStack(whole.bytes, source.name), source.name);
}

const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Stacks single- or multi-page TIFFs in natural name order. */
export async function readTiffFolder(sources: FileSource[]) {
  const sorted = [...sources].sort((a, b) => natural.compare(a.name, b.name));
  const decoded: { name: string; d: DecodedTiff }[] = [];
  for (const s of sorted) decoded.push({ name: s.name, d: decodeTiffStack((await completeSource(s)).bytes, s.name) });
  const first = decoded[0];
  if (!first) throw new ParseError('no TIFF files to stack', { expected: 'one or more .tif files' });
  let pages = 0;
  for (const { name, d } of decoded) {
    if (d.width !== first.d.width || d.height !== first.d.height || d.dtype !== first.d.dtype) {
      throw new ParseError(`${d.width} × ${d.height} ${d.dtype} does not match the first file (${first.d.width} × ${first.d.height} ${first.d.dtype})`, {
        file: name,
        expected: 'images of the same size and type',
      });
    }
    pages += d.pages;
  }
  const Ctor = DTYPE_CONSTRUCTORS[first.d.dtype];
  const values = new Ctor(pages * first.d.width * first.d.height);
  let at = 0;
  for (const { d } of decoded) {
    values.set(d.values, at);
    at += d.values.length;
  }
  return toDataset({ ...first.d, values, pages }, first.name, decoded.length);
}

export const tiffReader: ReaderContribution = {
  id: 'tomography.tiff',
  name: 'TIFF stack (multi-page or a folder of slices; 8/16/32-bit)',
  extensions: ['.tif', '.tiff'],
  kinds: [KIND_VOLUME],
  ranged: true,
  sniff: sniffTiff,
  read: (source) => guardRead(source.name, () => readTiff(source)),
  readMany: (sources) => guardRead(sources[0]?.name ?? 'tiff', () => readTiffFolder(sources)),
};
