/**
 * NeXus NXtomo application definition (NIAC, manual.nexusformat.org/classes/applications/NXtomo):
 * one frame stack `<entry>/instrument/detector/data` (frame × row × col) whose frames are sorted
 * by `image_key` (0 projection, 1 flat field, 2 dark field, 3 invalid), angles in
 * `<entry>/sample/rotation_angle` (NX_ANGLE, unit from the `units` attribute, degrees by the
 * definition's convention), pixel size in `detector/x_pixel_size` (+ `units`).
 */
import {
  Confidence,
  type FileSource,
  type H5File,
  type H5Group,
  isHdf5,
  openHdf5,
  ParseError,
  type ReaderContribution,
  type SniffInput,
  DTYPE_CONSTRUCTORS,
  dtypeOf,
  type NumericArray,
} from '@ionscope/core';
import { anglesToRadians } from '../io/angles';
import { attrString, datasetNumber, datasetString, getDataset, getEntity, headContains, isGroup, readNumeric } from '../io/hdf5';
import { KIND_PROJECTIONS, projectionsDataset } from '../kinds';
import { lengthToMicrometres } from './units';
import { guardRead } from './guard';

export function sniffNxtomo({ head }: SniffInput): number {
  if (!isHdf5(head)) return Confidence.no;
  if (headContains(head, 'NXtomo')) return 0.9;
  return headContains(head, 'image_key') ? Confidence.likely : Confidence.no;
}

/** The NXentry whose `definition` is NXtomo (or, failing that, one with detector/image_key). */
function findEntry(f: H5File): { group: H5Group; path: string } | undefined {
  let fallback: { group: H5Group; path: string } | undefined;
  for (const key of f.keys()) {
    const g = getEntity(f, key);
    if (!isGroup(g)) continue;
    const def = datasetString(g, 'definition');
    if (def === 'NXtomo') return { group: g, path: `/${key}` };
    if (!fallback && getDataset(g, 'instrument/detector/image_key')) fallback = { group: g, path: `/${key}` };
  }
  return fallback;
}

function selectFrames(values: NumericArray, frameSize: number, frames: number[]): NumericArray {
  const Ctor = DTYPE_CONSTRUCTORS[dtypeOf(values)];
  const out = new Ctor(frames.length * frameSize);
  frames.forEach((f, i) => out.set(values.subarray(f * frameSize, (f + 1) * frameSize), i * frameSize));
  return out;
}

export async function readNxtomo(source: FileSource) {
  const file = source.name;
  const h5 = await openHdf5(source.bytes, file);
  try {
    const entry = findEntry(h5.file);
    if (!entry) throw new ParseError('no NXentry with definition NXtomo', { file, field: 'definition', expected: 'an NXentry whose definition is "NXtomo"' });
    const base = entry.path;
    const data = readNumeric(h5.file, `${base}/instrument/detector/data`, file, 3);
    const [nf, nr, nc] = data.shape as [number, number, number];
    const keyPath = `${base}/instrument/detector/image_key`;
    const keys = getDataset(h5.file, keyPath) ? readNumeric(h5.file, keyPath, file).values : new Uint8Array(nf);
    if (keys.length !== nf) throw new ParseError(`${keys.length} image keys for ${nf} frames`, { file, field: keyPath, expected: `${nf} keys` });
    const anglePath = `${base}/sample/rotation_angle`;
    const angleDs = getDataset(h5.file, anglePath);
    if (!angleDs) throw new ParseError('missing rotation angles', { file, field: anglePath });
    const rawAngles = readNumeric(h5.file, anglePath, file).values;
    if (rawAngles.length !== nf) throw new ParseError(`${rawAngles.length} angles for ${nf} frames`, { file, field: anglePath, expected: `${nf} angles` });
    const proj: number[] = [];
    const flat: number[] = [];
    const dark: number[] = [];
    for (let i = 0; i < nf; i++) {
      const k = keys[i] as number;
      if (k === 0) proj.push(i);
      else if (k === 1) flat.push(i);
      else if (k === 2) dark.push(i);
      else if (k !== 3)
        throw new ParseError(`unknown image_key ${k}`, { file, field: `${keyPath}[${i}]`, expected: '0 (projection), 1 (flat), 2 (dark) or 3 (invalid)' });
    }
    if (proj.length === 0) throw new ParseError('no projection frames (image_key 0)', { file, field: keyPath });
    // NXtomo angles are NX_ANGLE; without a units attribute the range decides (io/angles.ts).
    const projAngles = proj.map((i) => rawAngles[i] as number);
    const angles = anglesToRadians(projAngles, attrString(angleDs, 'units'), file, anglePath);
    const frameSize = nr * nc;
    const pxPath = `${base}/instrument/detector/x_pixel_size`;
    const px = datasetNumber(h5.file, pxPath);
    const pixelSizeUm = px !== undefined ? lengthToMicrometres(px, attrString(getDataset(h5.file, pxPath), 'units') ?? 'm') : undefined;
    const sampleName = datasetString(h5.file, `${base}/sample/name`);
    const title = datasetString(h5.file, `${base}/title`);
    return projectionsDataset({
      projections: selectFrames(data.values, frameSize, proj),
      shape: [proj.length, nr, nc],
      theta: angles.theta,
      ...(flat.length ? { flats: { values: selectFrames(data.values, frameSize, flat), count: flat.length } } : {}),
      ...(dark.length ? { darks: { values: selectFrames(data.values, frameSize, dark), count: dark.length } } : {}),
      ...(pixelSizeUm !== undefined ? { pixelSizeUm } : {}),
      values: {
        thetaUnitInFile: angles.unitInFile,
        thetaUnitSource: angles.unitSource,
        layout: 'NXtomo',
        invalidFrames: nf - proj.length - flat.length - dark.length,
      },
      meta: {
        ...(title ? { title } : {}),
        ...(sampleName ? { sample: { name: sampleName } } : {}),
        source: { fileName: file, format: 'NeXus NXtomo' },
      },
    });
  } finally {
    h5.close();
  }
}

export const nxtomoReader: ReaderContribution = {
  id: 'tomography.nxtomo',
  name: 'NeXus NXtomo (HDF5 with image_key)',
  extensions: ['.nx', '.nxs', '.h5', '.hdf5'],
  kinds: [KIND_PROJECTIONS],
  sniff: sniffNxtomo,
  read: (source) => guardRead(source.name, () => readNxtomo(source)),
};
