/** Helpers shared by the analyses: label volumes, axis names, quantities. */
import { type Dataset, DataError, type JsonValue, signalOf } from '@ionscope/core';
import { volumeOf } from '../kinds';

export const AXIS_NAMES = ['z', 'y', 'x'] as const;
export type AxisName = (typeof AXIS_NAMES)[number];
export const axisIndex = (name: AxisName): 0 | 1 | 2 => AXIS_NAMES.indexOf(name) as 0 | 1 | 2;

export interface LabelVolume {
  labels: ArrayLike<number>;
  shape: [number, number, number];
  voxelSizeUm?: number;
  /** names of label values when the dataset gives them */
  names: Map<number, string>;
}

/**
 * The integer label volume of a `tomography.labels` dataset, or of a `tomography.volume` whose values
 * are integers (a segmented stack read from TIFF, like TauFactor's electrode). Float grey values are
 * refused: segment them first.
 */
export function labelVolumeOf(ds: Dataset): LabelVolume {
  const v = volumeOf(ds);
  const values = v.values;
  if (values instanceof Float32Array || values instanceof Float64Array) {
    // accept float arrays that hold only integers (labels written as float)
    for (let i = 0; i < values.length; i += Math.max(1, Math.floor(values.length / 100000))) {
      if (!Number.isInteger(values[i])) {
        throw new DataError('this volume holds grey values, not phase labels', {
          field: `data.${signalOf(ds) === undefined ? 'volume' : Object.keys(ds.data)[0]}`,
          expected: 'a tomography.labels dataset (run tomography.segment first) or an integer-valued volume',
        });
      }
    }
  }
  const names = new Map<number, string>();
  const phases = ds.values?.phases;
  if (Array.isArray(phases)) {
    for (const p of phases as JsonValue[]) {
      if (p && typeof p === 'object' && !Array.isArray(p) && typeof p.label === 'number' && typeof p.name === 'string') names.set(p.label, p.name);
    }
  }
  return { labels: values, shape: v.shape, ...(v.voxelSizeUm !== undefined ? { voxelSizeUm: v.voxelSizeUm } : {}), names };
}

export function phaseName(lv: LabelVolume, label: number): string {
  return lv.names.get(label) ?? `phase ${label}`;
}

/** A JSON quantity. */
export function quantity(value: number, unit: string, stderr?: number): JsonValue {
  return { value: Number.isFinite(value) ? value : null, unit, ...(stderr !== undefined ? { stderr } : {}) };
}

/** Voxel size from the params (µm) or the dataset; undefined when neither gives one. */
export function voxelSize(lv: { voxelSizeUm?: number }, override: number | undefined): number | undefined {
  return override ?? lv.voxelSizeUm;
}
