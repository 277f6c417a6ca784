/**
 * A reconstructed volume written slab by slab, in z order, to `reconstruction.nrrd` through the
 * host's output sink (attached NRRD header, raw little-endian float32, voxel size in `spacings`,
 * kind and unit as key/values), keeping a {@link VolumePreview} on the way; closed into the small
 * `tomography.volume-file` dataset that describes the file. Shared by the parallel-beam and the
 * cone-beam reconstructions so that both write the same file and the same `values.volumeFile`.
 */
import { createDataset, type Dataset, type JsonValue, type OutputSink, type OutputStream } from '@ionscope/core';
import { HOST_LITTLE_ENDIAN, typedArrayBytes } from '../io/binary';
import { encodeNrrdHeader } from '../io/nrrd';
import { KIND_VOLUME, KIND_VOLUME_FILE, regularSpatialCoord } from '../kinds';
import { VolumePreview } from './volume-preview';

/** File name of a streamed volume in the output folder. */
export const STREAMED_VOLUME_NAME = 'reconstruction.nrrd';

export interface VolumeStreamInit {
  /** z × y × x */
  shape: [number, number, number];
  /** µm, when known (otherwise the grid is in voxel indices) */
  voxelSizeUm?: number;
  /** unit of the values ('' when per voxel) */
  unit: string;
  title: string;
}

export class VolumeStream {
  readonly preview: VolumePreview;

  private constructor(
    private readonly file: OutputStream,
    private readonly header: Uint8Array,
    private readonly init: VolumeStreamInit,
  ) {
    const [nz, ny, nx] = init.shape;
    this.preview = new VolumePreview(nz, ny, nx);
  }

  /** Creates the file in the sink and writes the header. */
  static async open(output: OutputSink, init: VolumeStreamInit): Promise<VolumeStream> {
    const file = await output.create(STREAMED_VOLUME_NAME, { mediaType: 'application/octet-stream', description: `${init.title}: NRRD, raw float32` });
    const header = encodeNrrdHeader(init.shape, 'float32', {
      ...(init.voxelSizeUm !== undefined ? { spacingUm: init.voxelSizeUm } : {}),
      keyValues: { ionscope_kind: KIND_VOLUME, ...(init.unit ? { ionscope_unit: init.unit } : {}), title: init.title },
    });
    await file.write(header);
    return new VolumeStream(file, header, init);
  }

  /** Appends slices [z0, z0 + n) (n × ny × nx); slabs must come in z order. */
  async add(z0: number, slab: Float32Array): Promise<void> {
    this.preview.add(z0, slab);
    await this.file.write(HOST_LITTLE_ENDIAN ? new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength) : typedArrayBytes(slab, true));
  }

  /**
   * Closes the file and returns the `tomography.volume-file` dataset: `values` plus volumeFile
   * (name, size and sha256 as the sink reports them), statistics and preview, and the previews as data.
   */
  async close(values: Record<string, JsonValue>, meta: Dataset['meta']): Promise<Dataset> {
    const written = await this.file.close();
    const { preview, init } = this;
    const { unit, voxelSizeUm } = init;
    const stats = preview.statistics();
    values.volumeFile = {
      name: written.name,
      ...(written.location ? { location: written.location } : {}),
      format: 'NRRD: attached header, raw float32, little-endian',
      size: { value: written.size, unit: 'B' },
      ...(written.sha256 ? { sha256: written.sha256 } : {}),
      dataOffset: this.header.length,
      dims: ['z', 'y', 'x'],
      shape: [...init.shape],
      dtype: 'float32',
      unit,
      ...(voxelSizeUm !== undefined ? { voxelSize: { value: voxelSizeUm, unit: 'µm' } } : {}),
    };
    values.statistics = { min: stats.min, max: stats.max, mean: stats.mean, unit };
    values.preview = {
      stride: preview.stride,
      centralSlices: { z: preview.centre.z, y: preview.centre.y, x: preview.centre.x },
      note: 'data holds the central slices and maximum-intensity projections, sampled every `stride` voxels',
    };
    const step = voxelSizeUm !== undefined ? voxelSizeUm * preview.stride : preview.stride;
    const image = (dims: [string, string], rows: number, cols: number, v: Float32Array, label: string) => ({
      dims,
      shape: [rows, cols],
      values: v,
      unit,
      label,
    });
    return createDataset({
      kind: KIND_VOLUME_FILE,
      signal: 'sliceXY',
      data: {
        sliceXY: image(['y', 'x'], preview.py, preview.px, preview.sliceXY, `μ, slice z = ${preview.centre.z}`),
        sliceXZ: image(['z', 'x'], preview.pz, preview.px, preview.sliceXZ, `μ, slice y = ${preview.centre.y}`),
        sliceYZ: image(['z', 'y'], preview.pz, preview.py, preview.sliceYZ, `μ, slice x = ${preview.centre.x}`),
        mipZ: image(['y', 'x'], preview.py, preview.px, preview.mipZ, 'μ, maximum along z'),
        mipY: image(['z', 'x'], preview.pz, preview.px, preview.mipY, 'μ, maximum along y'),
        mipX: image(['z', 'y'], preview.pz, preview.py, preview.mipX, 'μ, maximum along x'),
      },
      coords: {
        z: regularSpatialCoord('z', preview.pz, step, voxelSizeUm !== undefined),
        y: regularSpatialCoord('y', preview.py, step, voxelSizeUm !== undefined),
        x: regularSpatialCoord('x', preview.px, step, voxelSizeUm !== undefined),
      },
      values,
      meta,
    });
  }
}
