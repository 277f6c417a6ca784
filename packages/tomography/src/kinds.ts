/**
 * The dataset kinds of the tomography plugin and the helpers that build and read them.
 *
 * Conventions (the same everywhere in the package):
 * - projections are `angle × row × col` (DXchange/TomoPy order), the rotation angle `theta` is a
 *   coordinate in **radians** whatever the file said (the unit found in the file is kept in
 *   `values.thetaUnitInFile`);
 * - sinograms are `row × angle × col` (one sinogram per detector row);
 * - volumes and label volumes are `z × y × x` (z = slice index = detector row for a
 *   reconstruction, x fastest); coordinates are regular, in µm when the voxel size is known,
 *   otherwise in voxels (unit `''`, `values.voxelSize` absent);
 * - parallel-beam geometry; the rotation axis is parallel to the detector columns (`row` = z).
 */
import {
  type Coordinate,
  type Dataset,
  type DatasetInit,
  DataError,
  type JsonValue,
  type NumericArray,
  regularCoord,
  createDataset,
  explicitCoord,
  variable,
  coordAt,
  isRegular,
  conversionFactor,
  signalOf,
  type Variable,
  type DeferredArray,
  type DeferredDataset,
  deferredArrays,
  isNumericArray,
  withDeferred,
} from '@ionscope/core';

export const KIND_PROJECTIONS = 'tomography.projections';
export const KIND_SINOGRAM = 'tomography.sinogram';
export const KIND_VOLUME = 'tomography.volume';
export const KIND_LABELS = 'tomography.labels';
export const KIND_TORTUOSITY = 'tomography.tortuosity';
export const KIND_POROSITY = 'tomography.porosity';
export const KIND_SURFACE_AREA = 'tomography.surface-area';
export const KIND_PARTICLES = 'tomography.particles';
export const KIND_CENTER = 'tomography.center';
export const KIND_VOLUME_FILE = 'tomography.volume-file';

export const KIND_DEFINITIONS = [
  {
    id: KIND_PROJECTIONS,
    description:
      'Projections angle × row × col with `theta` (rad) along angle; optional `flats` (flat × row × col) and `darks` (dark × row × col); row/col coordinates in µm when the pixel size is known.',
  },
  { id: KIND_SINOGRAM, description: 'Sinograms row × angle × col with `theta` (rad); one sinogram per detector row.' },
  { id: KIND_VOLUME, description: 'A grey-value volume z × y × x (reconstruction or image stack); coordinates in µm when the voxel size is known.' },
  { id: KIND_LABELS, description: 'A segmented volume z × y × x of integer phase labels; `values.phases` names the labels.' },
  { id: KIND_TORTUOSITY, description: 'Tortuosity factor, effective diffusivity, porosity and MacMullin number per direction (steady-state diffusion).' },
  { id: KIND_POROSITY, description: 'Volume fractions of each phase and their through-connected fractions.' },
  { id: KIND_SURFACE_AREA, description: 'Specific surface areas of each phase by face counting and by marching cubes.' },
  { id: KIND_PARTICLES, description: 'Connected particles of one phase: volumes, equivalent diameters and their distribution.' },
  { id: KIND_CENTER, description: 'Rotation centre estimates (0°/180° correlation, sharpness search).' },
  {
    id: KIND_VOLUME_FILE,
    description:
      'A volume too large for memory, written to a file while it was computed (`values.volumeFile`: name, format, shape, dtype, voxel size, sha256) with previews in `data`: central slices and maximum-intensity projections, decimated to ≤ 512 px.',
  },
];

/** A length with unit, as stored in `values` (`{value, unit}`). */
export interface Length {
  value: number;
  unit: string;
}

/** Converts a length to µm (throws a DataError for a non-length unit). */
export function toMicrometres(q: Length): number {
  return q.value * conversionFactor(q.unit, 'µm');
}

/** A regular spatial coordinate: µm when the spacing is known, voxel/pixel index otherwise. */
export function spatialCoord(dim: string, n: number, spacingUm: number | undefined): Coordinate {
  if (spacingUm !== undefined && Number.isFinite(spacingUm) && spacingUm > 0) return regularCoord(dim, 0, spacingUm, n, 'µm');
  return regularCoord(dim, 0, 1, n, '', { label: `${dim} (pixel index)` });
}

/** A regular spatial coordinate with a given step: in µm, or in voxel indices (a decimated preview). */
export function regularSpatialCoord(dim: string, n: number, step: number, micrometres: boolean): Coordinate {
  return micrometres ? regularCoord(dim, 0, step, n, 'µm') : regularCoord(dim, 0, step, n, '', { label: `${dim} (voxel index)` });
}

/** The spacing of a spatial coordinate in µm, or undefined when it is a plain index. */
export function spacingMicrometres(c: Coordinate | undefined): number | undefined {
  if (!c || c.unit === '') return undefined;
  const factor = conversionFactor(c.unit, 'µm');
  if (isRegular(c)) return c.step * factor;
  if (c.values.length < 2) return undefined;
  return ((c.values[1] as number) - (c.values[0] as number)) * factor;
}

export interface ProjectionsInit {
  /** In memory, or left in the file (a deferred array, see core's `withDeferred`). */
  projections: NumericArray | DeferredArray;
  /** [angles, rows, cols] */
  shape: [number, number, number];
  /** rotation angles in radians */
  theta: Float64Array;
  flats?: { values: NumericArray; count: number };
  darks?: { values: NumericArray; count: number };
  pixelSizeUm?: number;
  unit?: string;
  signalName?: string;
  values?: Record<string, JsonValue>;
  meta?: DatasetInit['meta'];
}

/** Builds a `tomography.projections` dataset. */
export function projectionsDataset(init: ProjectionsInit): Dataset {
  const [na, nr, nc] = init.shape;
  if (init.theta.length !== na) {
    throw new DataError(`${init.theta.length} angles for ${na} projections`, { field: 'theta', expected: `${na} angles` });
  }
  const name = init.signalName ?? 'projections';
  const data: Record<string, Variable> = {};
  if (isNumericArray(init.projections)) data[name] = variable(['angle', 'row', 'col'], init.projections, init.unit ?? 'counts', { shape: [na, nr, nc] });
  if (init.flats && init.flats.count > 0)
    data.flats = variable(['flat', 'row', 'col'], init.flats.values, init.unit ?? 'counts', { shape: [init.flats.count, nr, nc] });
  if (init.darks && init.darks.count > 0)
    data.darks = variable(['dark', 'row', 'col'], init.darks.values, init.unit ?? 'counts', { shape: [init.darks.count, nr, nc] });
  const values: Record<string, JsonValue> = { geometry: 'parallel', ...(init.values ?? {}) };
  if (init.pixelSizeUm !== undefined) values.pixelSize = { value: init.pixelSizeUm, unit: 'µm' };
  // a stack left in the file gets the same unit as one in memory
  const deferred = isNumericArray(init.projections) ? undefined : { ...init.projections, unit: init.unit ?? 'counts' };
  const ds = createDataset({
    kind: KIND_PROJECTIONS,
    ...(deferred ? {} : { signal: name }),
    data,
    coords: {
      theta: explicitCoord('angle', init.theta, 'rad', { label: 'rotation angle θ' }),
      row: spatialCoord('row', nr, init.pixelSizeUm),
      col: spatialCoord('col', nc, init.pixelSizeUm),
    },
    values,
    meta: init.meta ?? {},
  });
  return deferred ? withDeferred(ds, { [name]: deferred }, { signal: name }) : ds;
}

export interface VolumeInit {
  /** In memory, or left in the file (a deferred array). */
  values: NumericArray | DeferredArray;
  /** [z, y, x] */
  shape: [number, number, number];
  voxelSizeUm?: number;
  unit?: string;
  signalName?: string;
  kind?: typeof KIND_VOLUME | typeof KIND_LABELS;
  extraValues?: Record<string, JsonValue>;
  meta?: DatasetInit['meta'];
  label?: string;
}

/** Builds a `tomography.volume` (or `tomography.labels`) dataset z × y × x. */
export function volumeDataset(init: VolumeInit): Dataset {
  const [nz, ny, nx] = init.shape;
  const kind = init.kind ?? KIND_VOLUME;
  const name = init.signalName ?? (kind === KIND_LABELS ? 'labels' : 'volume');
  const values: Record<string, JsonValue> = { ...(init.extraValues ?? {}) };
  if (init.voxelSizeUm !== undefined) values.voxelSize = { value: init.voxelSizeUm, unit: 'µm' };
  const coords = { z: spatialCoord('z', nz, init.voxelSizeUm), y: spatialCoord('y', ny, init.voxelSizeUm), x: spatialCoord('x', nx, init.voxelSizeUm) };
  if (!isNumericArray(init.values)) {
    const deferred: DeferredArray = { ...init.values, unit: init.unit ?? init.values.unit, ...(init.label ? { label: init.label } : {}) };
    return withDeferred(createDataset({ kind, coords, values, meta: init.meta ?? {} }), { [name]: deferred }, { signal: name });
  }
  return createDataset({
    kind,
    signal: name,
    data: { [name]: variable(['z', 'y', 'x'], init.values, init.unit ?? '', { shape: [nz, ny, nx], ...(init.label ? { label: init.label } : {}) }) },
    coords,
    values,
    meta: init.meta ?? {},
  });
}

/** A volume as plain arrays: values, shape [z, y, x] and voxel size in µm when known. */
export interface VolumeView {
  values: NumericArray;
  shape: [number, number, number];
  voxelSizeUm?: number;
  unit: string;
}

/** Reads the signal of a volume/labels dataset (any 3-D z × y × x signal; 2-D y × x is taken as one slice). */
export function volumeOf(ds: Dataset): VolumeView {
  const v = signalOf(ds);
  let shape: [number, number, number];
  if (v.shape.length === 3) shape = [v.shape[0], v.shape[1], v.shape[2]] as [number, number, number];
  else if (v.shape.length === 2) shape = [1, v.shape[0], v.shape[1]] as [number, number, number];
  else throw new DataError(`expected a 3-D volume (z × y × x), found ${v.shape.length} dimensions`, { field: 'data', found: v.dims.join(' × ') });
  const dimX = v.dims[v.dims.length - 1] as string;
  let voxel = spacingMicrometres(ds.coords[dimX] ?? Object.values(ds.coords).find((c) => c.dim === dimX));
  const vs = ds.values?.voxelSize as Length | undefined;
  if (voxel === undefined && vs && typeof vs === 'object' && typeof vs.value === 'number') voxel = toMicrometres(vs);
  return { values: v.values, shape, ...(voxel !== undefined ? { voxelSizeUm: voxel } : {}), unit: v.unit };
}

/** Projections as plain arrays. */
export interface ProjectionsView {
  projections: NumericArray;
  shape: [number, number, number];
  theta: Float64Array;
  flats?: { values: NumericArray; count: number };
  darks?: { values: NumericArray; count: number };
  pixelSizeUm?: number;
  unit: string;
  signal: string;
}

/** Projections left in their file: everything but the projections themselves is in memory. */
export interface DeferredProjectionsView extends Omit<ProjectionsView, 'projections'> {
  deferred: DeferredArray;
}

/** The projections of a dataset whose projection stack is still in the file, or undefined. */
export function deferredProjectionsOf(ds: Dataset): DeferredProjectionsView | undefined {
  const name = (ds as Partial<DeferredDataset>).deferredSignal ?? 'projections';
  const deferred = deferredArrays(ds)[name];
  if (!deferred) return undefined;
  if (deferred.shape.length !== 3) throw new DataError('expected projections angle × row × col', { field: `deferred.${name}` });
  const shape = [deferred.shape[0], deferred.shape[1], deferred.shape[2]] as [number, number, number];
  return { deferred, shape, unit: deferred.unit, signal: name, ...projectionSides(ds, shape[0]) };
}

/** Theta (rad), flats, darks and the pixel size of a projections dataset with `n` angles. */
function projectionSides(ds: Dataset, n: number): Pick<ProjectionsView, 'theta' | 'flats' | 'darks' | 'pixelSizeUm'> {
  const thetaCoord = ds.coords.theta ?? Object.values(ds.coords).find((c) => c.dim === 'angle');
  if (!thetaCoord) throw new DataError('projections have no theta coordinate', { field: 'coords.theta' });
  const factor = conversionFactor(thetaCoord.unit || 'rad', 'rad');
  const theta = new Float64Array(n);
  for (let i = 0; i < n; i++) theta[i] = coordAt(thetaCoord, i) * factor;
  const out: Pick<ProjectionsView, 'theta' | 'flats' | 'darks' | 'pixelSizeUm'> = { theta };
  const flats = ds.data.flats;
  if (flats) out.flats = { values: flats.values, count: flats.shape[0] as number };
  const darks = ds.data.darks;
  if (darks) out.darks = { values: darks.values, count: darks.shape[0] as number };
  const px = spacingMicrometres(ds.coords.col);
  if (px !== undefined) out.pixelSizeUm = px;
  return out;
}

export function projectionsOf(ds: Dataset): ProjectionsView {
  const name = ds.signal ?? Object.keys(ds.data)[0];
  const v = name ? ds.data[name] : undefined;
  if (v?.shape.length !== 3) throw new DataError('expected projections angle × row × col', { field: 'data' });
  return {
    projections: v.values,
    shape: [v.shape[0], v.shape[1], v.shape[2]] as [number, number, number],
    unit: v.unit,
    signal: name as string,
    ...projectionSides(ds, v.shape[0] as number),
  };
}
