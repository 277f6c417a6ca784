/** `tomography.nrrd`: volumes as raw binary with an attached NRRD header (shape, dtype, byte order, voxel size). */
import type { WriterContribution } from '@ionscope/core';
import { encodeNrrd } from '../io/nrrd';
import { KIND_LABELS, KIND_VOLUME, volumeOf } from '../kinds';

export const nrrdWriter: WriterContribution = {
  id: 'tomography.nrrd',
  name: 'Raw binary volume with an NRRD header (.nrrd)',
  accepts: [KIND_VOLUME, KIND_LABELS],
  extension: '.nrrd',
  mediaType: 'application/octet-stream',
  write(ds) {
    const v = volumeOf(ds);
    return encodeNrrd(v.values, v.shape, {
      ...(v.voxelSizeUm !== undefined ? { spacingUm: v.voxelSizeUm } : {}),
      keyValues: { ionscope_kind: ds.kind, ...(v.unit ? { ionscope_unit: v.unit } : {}), ...(ds.meta.title ? { title: ds.meta.title } : {}) },
    });
  },
};
