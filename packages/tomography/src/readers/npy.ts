/**
 * NumPy `.npy` arrays. One 3-D (or 2-D) array is read as a `tomography.volume` z × y × x. Several
 * files read together (`readMany`) form a `tomography.projections` dataset the way TomoPy keeps
 * its test data: the file whose name contains `flat`/`white` holds flats, `dark` darks,
 * `angle`/`theta` the rotation angles (degrees or radians: the range decides, see io/angles.ts),
 * and the remaining 3-D array the projections (angle × row × col).
 */
import {
  Confidence,
  completeSource,
  type DeferredArray,
  type FileSource,
  isNumericArray,
  isPartialSource,
  ParseError,
  type ReaderContribution,
  type SniffInput,
} from '@ionscope/core';
import { anglesToRadians, evenAngles } from '../io/angles';
import { baseName } from '../io/binary';
import { isNpy, type NpyArray, parseNpy, parseNpyHeader } from '../io/npy';
import { KIND_PROJECTIONS, KIND_VOLUME, projectionsDataset, volumeDataset } from '../kinds';
import { guardRead } from './guard';
import { headBytes, rawDataInFile } from './ranged';

/** Largest header a version-1 file can have (magic, version, length, 65,535 header bytes). */
const MAX_HEADER = 10 + 65535;

type NpyInFile = Omit<NpyArray, 'values'> & { values: NpyArray['values'] | DeferredArray };

/** The values of a file read into memory (only projection stacks and volumes are left in the file). */
function inMemory(a: NpyInFile): NpyArray['values'] {
  if (!isNumericArray(a.values)) throw new Error('expected an array read into memory');
  return a.values;
}

/**
 * An .npy file as an array: in memory, or, for a ranged source (a file larger than memory) in C
 * order with `dims` for its rank, left in the file as a deferred array read in blocks. Fortran-
 * ordered files are read whole (they are transposed in memory).
 */
async function openNpy(source: FileSource, dimsFor: (rank: number) => readonly string[] | undefined): Promise<NpyInFile> {
  if (!isPartialSource(source)) return parseNpy(source.bytes, source.name);
  const h = parseNpyHeader(await headBytes(source, MAX_HEADER), source.name);
  const dims = dimsFor(h.shape.length);
  if (h.fortranOrder || !dims) return parseNpy((await completeSource(source)).bytes, source.name);
  const values = rawDataInFile(source, { dims, shape: h.shape, dtype: h.dtype, littleEndian: h.littleEndian, offset: h.dataOffset });
  return { values, shape: h.shape, dtype: h.dtype, descr: h.descr };
}

export function sniffNpy({ head }: SniffInput): number {
  return isNpy(head) ? 0.9 : Confidence.no;
}

export async function readNpy(source: FileSource) {
  // a 3-D volume stays in the file when the source is ranged; a 2-D image is read whole
  const a = await openNpy(source, (rank) => (rank === 3 ? ['z', 'y', 'x'] : undefined));
  if (a.shape.length !== 3 && a.shape.length !== 2) {
    throw new ParseError(`a ${a.shape.length}-D array cannot be read alone`, {
      file: source.name,
      field: 'shape',
      expected: 'a 2-D image or 3-D volume (read 1-D angle files together with their projections)',
      found: `(${a.shape.join(', ')})`,
    });
  }
  const shape = (a.shape.length === 3 ? a.shape : [1, ...a.shape]) as [number, number, number];
  return volumeDataset({
    values: a.values,
    shape,
    extraValues: { dtype: a.dtype },
    meta: { title: baseName(source.name), source: { fileName: source.name, format: `NumPy .npy (${a.descr})` } },
  });
}

type Role = 'flats' | 'darks' | 'angles' | 'projections';

function roleOf(name: string): Role {
  const b = baseName(name).toLowerCase();
  if (/flat|white/.test(b)) return 'flats';
  if (/dark/.test(b)) return 'darks';
  if (/angle|theta/.test(b)) return 'angles';
  return 'projections';
}

export async function readNpyProjections(sources: FileSource[]) {
  const byRole = new Map<Role, { name: string; a: NpyInFile }>();
  for (const s of sources) {
    const role = roleOf(s.name);
    if (byRole.has(role)) {
      throw new ParseError(`two files look like ${role}: ${byRole.get(role)?.name} and ${s.name}`, {
        file: s.name,
        expected: 'one file per role (projections, flat, dark, angle)',
      });
    }
    // only the projection stack may stay in the file; flats, darks and angles are small
    byRole.set(role, { name: s.name, a: await openNpy(s, (rank) => (role === 'projections' && rank === 3 ? ['angle', 'row', 'col'] : undefined)) });
  }
  const proj = byRole.get('projections');
  if (proj?.a.shape.length !== 3) {
    throw new ParseError('no 3-D projection array among the files', {
      file: proj?.name ?? sources[0]?.name,
      expected: 'a file of projections angle × row × col',
    });
  }
  const [na, nr, nc] = proj.a.shape as [number, number, number];
  const side = (role: 'flats' | 'darks') => {
    const e = byRole.get(role);
    if (!e) return undefined;
    const s = e.a.shape;
    if (s.length !== 3 || s[1] !== nr || s[2] !== nc) {
      throw new ParseError(`${role} are (${s.join(', ')}) but projections are (${na}, ${nr}, ${nc})`, {
        file: e.name,
        field: 'shape',
        expected: `(n, ${nr}, ${nc})`,
      });
    }
    return { values: inMemory(e.a), count: s[0] as number };
  };
  const ang = byRole.get('angles');
  let angles: ReturnType<typeof anglesToRadians> | undefined;
  if (ang) {
    const values = inMemory(ang.a);
    if (values.length !== na)
      throw new ParseError(`${values.length} angles for ${na} projections`, { file: ang.name, field: 'shape', expected: `${na} angles` });
    angles = anglesToRadians(values, undefined, ang.name);
  }
  const flats = side('flats');
  const darks = side('darks');
  return projectionsDataset({
    projections: proj.a.values,
    shape: [na, nr, nc],
    theta: angles?.theta ?? evenAngles(na),
    ...(flats ? { flats } : {}),
    ...(darks ? { darks } : {}),
    values: {
      thetaUnitInFile: angles?.unitInFile ?? 'absent',
      thetaUnitSource: angles?.unitSource ?? 'assumed: evenly spaced over [0, 180°)',
      layout: 'NumPy .npy set',
    },
    meta: { title: baseName(proj.name), source: { fileName: proj.name, format: 'NumPy .npy set' } },
  });
}

export const npyReader: ReaderContribution = {
  id: 'tomography.npy',
  name: 'NumPy .npy (a volume, or projections + flat + dark + angle files together)',
  extensions: ['.npy'],
  kinds: [KIND_VOLUME, KIND_PROJECTIONS],
  ranged: true,
  sniff: sniffNpy,
  read: (source) => guardRead(source.name, () => readNpy(source)),
  readMany: (sources) => guardRead(sources[0]?.name ?? 'npy', () => readNpyProjections(sources)),
};
