/**
 * `tomography.tiff`: volumes and label volumes as multi-page TIFF (io/tiff-encode.ts, hand-written:
 * 8/16/32-bit, ImageJ voxel size). Float64 is written as float32; conversion to uint8/uint16 maps
 * the value range linearly (the mapping is written into the ImageDescription).
 */
import { dtypeOf, finiteRange, type NumericArray, SerializationError, type WriterContribution, z } from '@ionscope/core';
import { encodeTiffStack } from '../io/tiff-encode';
import { KIND_LABELS, KIND_VOLUME, volumeOf } from '../kinds';

const TiffParams = z.object({
  dtype: z.enum(['keep', 'uint8', 'uint16', 'float32']).default('keep').describe('sample type (keep: as stored; float64 becomes float32)'),
});

function convert(values: NumericArray, dtype: 'uint8' | 'uint16'): { out: NumericArray; min: number; max: number } {
  const [min, max] = finiteRange(values);
  const top = dtype === 'uint8' ? 255 : 65535;
  const out = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  const scale = max > min ? top / (max - min) : 0;
  for (let i = 0; i < values.length; i++) out[i] = Math.round(((values[i] as number) - min) * scale);
  return { out, min, max };
}

export const tiffWriter: WriterContribution<typeof TiffParams> = {
  id: 'tomography.tiff',
  name: 'Multi-page TIFF stack (8/16/32-bit, ImageJ voxel size)',
  accepts: [KIND_VOLUME, KIND_LABELS],
  extension: '.tif',
  mediaType: 'image/tiff',
  params: TiffParams,
  write(ds, params) {
    const v = volumeOf(ds);
    const [nz, ny, nx] = v.shape;
    let values = v.values;
    const description: Record<string, string | number> = { kind: ds.kind };
    if (v.unit) description.valueUnit = v.unit;
    if (params.dtype === 'float32' || (params.dtype === 'keep' && dtypeOf(values) === 'float64')) values = Float32Array.from(values as ArrayLike<number>);
    else if (params.dtype === 'uint8' || params.dtype === 'uint16') {
      const c = convert(values, params.dtype);
      values = c.out;
      description.valueMapping = `value = ${c.min} + stored × ${(c.max - c.min) / (params.dtype === 'uint8' ? 255 : 65535)}`;
    }
    if (values instanceof Float64Array) throw new SerializationError('float64 could not be converted', { field: 'dtype' });
    return encodeTiffStack(values, { width: nx, height: ny, pages: nz, ...(v.voxelSizeUm !== undefined ? { voxelSizeUm: v.voxelSizeUm } : {}), description });
  },
};
