/**
 * Image views of volumes and projections: orthogonal slices (xy, xz, yz side by side with a µm scale
 * bar), a single slice, maximum-intensity projections, a projection image and a sinogram. Drawn
 * with core's `renderImageView` (colour map, colour bar, scale bar, PNG).
 */
import { type Dataset, type ImageView, renderImageView, signalOf, type ViewContribution, z } from '@ionscope/core';
import { KIND_LABELS, KIND_PROJECTIONS, KIND_VOLUME, KIND_VOLUME_FILE, projectionsOf, spacingMicrometres, volumeOf } from '../kinds';

const COLORMAPS = ['gray', 'viridis', 'magma', 'inferno', 'plasma', 'cividis'] as const;

/** Slice of a z × y × x volume perpendicular to `axis` at `index`: (rows, cols, values). */
export function extractSlice(
  values: ArrayLike<number>,
  shape: readonly [number, number, number],
  axis: 0 | 1 | 2,
  index: number,
): { rows: number; cols: number; values: Float32Array } {
  const [nz, ny, nx] = shape;
  if (axis === 0) {
    const out = new Float32Array(ny * nx);
    const base = index * ny * nx;
    for (let i = 0; i < ny * nx; i++) out[i] = values[base + i] as number;
    return { rows: ny, cols: nx, values: out };
  }
  if (axis === 1) {
    const out = new Float32Array(nz * nx);
    for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) out[z * nx + x] = values[(z * ny + index) * nx + x] as number;
    return { rows: nz, cols: nx, values: out };
  }
  const out = new Float32Array(nz * ny);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) out[z * ny + y] = values[(z * ny + y) * nx + index] as number;
  return { rows: nz, cols: ny, values: out };
}

/** Maximum along `axis`. */
export function maximumProjection(
  values: ArrayLike<number>,
  shape: readonly [number, number, number],
  axis: 0 | 1 | 2,
): { rows: number; cols: number; values: Float32Array } {
  const [nz, ny, nx] = shape;
  const dims = [nz, ny, nx];
  const keep = [0, 1, 2].filter((d) => d !== axis) as [number, number];
  const rows = dims[keep[0]] as number;
  const cols = dims[keep[1]] as number;
  const out = new Float32Array(rows * cols).fill(Number.NEGATIVE_INFINITY);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const idx = [z, y, x];
        const k = (idx[keep[0]] as number) * cols + (idx[keep[1]] as number);
        const v = values[(z * ny + y) * nx + x] as number;
        if (v > (out[k] as number)) out[k] = v;
      }
  return { rows, cols, values: out };
}

/** Places images side by side (top-aligned) with a NaN gap, drawn transparent. */
function sideBySide(images: { rows: number; cols: number; values: Float32Array }[], gap: number): { rows: number; cols: number; values: Float32Array } {
  const rows = Math.max(...images.map((i) => i.rows));
  const cols = images.reduce((s, i) => s + i.cols, 0) + gap * (images.length - 1);
  const out = new Float32Array(rows * cols).fill(Number.NaN);
  let c0 = 0;
  for (const img of images) {
    for (let r = 0; r < img.rows; r++) out.set(img.values.subarray(r * img.cols, (r + 1) * img.cols), r * cols + c0);
    c0 += img.cols + gap;
  }
  return { rows, cols, values: out };
}

/** Robust colour range: 0.5th to 99.5th percentile of a sample (grey volumes), full range for labels. */
function colourRange(values: Float32Array, full: boolean): [number, number] {
  const finite: number[] = [];
  const step = Math.max(1, Math.floor(values.length / 200000));
  for (let i = 0; i < values.length; i += step) if (Number.isFinite(values[i])) finite.push(values[i] as number);
  if (!finite.length) return [0, 1];
  finite.sort((a, b) => a - b);
  if (full) return [finite[0] as number, finite[finite.length - 1] as number];
  return [finite[Math.floor(0.005 * (finite.length - 1))] as number, finite[Math.ceil(0.995 * (finite.length - 1))] as number];
}

const SliceParams = z.object({
  axis: z.enum(['orthogonal', 'z', 'y', 'x']).default('orthogonal').describe('orthogonal = xy, xz and yz through the centre (or `index`)'),
  index: z.number().int().min(0).optional().describe('slice index along the axis (default the middle; for orthogonal, the z index)'),
  colormap: z.enum(COLORMAPS).optional(),
  mip: z.boolean().default(false).describe('maximum-intensity projection instead of a slice'),
});

/**
 * A volume streamed to a file (`tomography.volume-file`): its previews, the central slices or the
 * maximum-intensity projections kept while it was written (sampled every `values.preview.stride`).
 */
function renderVolumeFile(ds: Dataset, params: z.output<typeof SliceParams>): ImageView {
  const image = (name: string) => {
    const v = ds.data[name];
    if (!v) throw new Error(`the volume-file dataset has no preview "${name}"`);
    return { rows: v.shape[0] as number, cols: v.shape[1] as number, values: Float32Array.from(v.values as ArrayLike<number>) };
  };
  const names = params.mip ? { z: 'mipZ', y: 'mipY', x: 'mipX' } : { z: 'sliceXY', y: 'sliceXZ', x: 'sliceYZ' };
  const img = params.axis === 'orthogonal' ? sideBySide([image(names.z), image(names.y), image(names.x)], 2) : image(names[params.axis]);
  const [min, max] = colourRange(img.values, false);
  const file = ds.values?.volumeFile as { name?: string; shape?: number[] } | undefined;
  const what = params.mip ? 'maximum-intensity projections' : 'central slices';
  const pixel = spacingMicrometres(ds.coords.x);
  const signal = ds.data.sliceXY;
  return renderImageView({
    values: img.values,
    width: img.cols,
    height: img.rows,
    zoom: Math.max(1, Math.min(8, Math.floor(640 / Math.max(img.cols, img.rows)))),
    colormap: params.colormap ?? 'gray',
    min,
    max,
    title: `${ds.meta.title ?? 'volume'}: ${what} of ${file?.name ?? 'the streamed volume'}${file?.shape ? ` (${file.shape.join(' × ')})` : ''}`,
    ...(pixel !== undefined ? { pixelSize: pixel, unit: 'µm' } : {}),
    valueLabel: 'μ',
    ...(signal?.unit ? { valueUnit: signal.unit } : {}),
  });
}

function render(ds: Dataset, params: z.output<typeof SliceParams>): ImageView {
  if (ds.kind === KIND_VOLUME_FILE) return renderVolumeFile(ds, params);
  const v = volumeOf(ds);
  const [nz, ny, nx] = v.shape;
  const isLabels = ds.kind === KIND_LABELS;
  const mid = (n: number) => Math.floor(n / 2);
  const axes = { z: 0, y: 1, x: 2 } as const;
  let img: { rows: number; cols: number; values: Float32Array };
  let what: string;
  const take = (axis: 0 | 1 | 2, index: number) =>
    params.mip ? maximumProjection(v.values, v.shape, axis) : extractSlice(v.values, v.shape, axis, Math.min(index, v.shape[axis] - 1));
  if (params.axis === 'orthogonal') {
    const zi = params.index ?? mid(nz);
    img = sideBySide([take(0, zi), take(1, mid(ny)), take(2, mid(nx))], Math.max(2, Math.round(Math.max(nx, ny) / 64)));
    what = params.mip ? 'MIPs along z, y, x' : `z=${zi}, y=${mid(ny)}, x=${mid(nx)}`;
  } else {
    const axis = axes[params.axis];
    const index = params.index ?? mid(v.shape[axis]);
    img = take(axis, index);
    what = params.mip ? `maximum-intensity projection along ${params.axis}` : `slice ${params.axis}=${index}`;
  }
  const [min, max] = colourRange(img.values, isLabels);
  const signal = signalOf(ds);
  return renderImageView({
    values: img.values,
    width: img.cols,
    height: img.rows,
    // enlarge small volumes so that the three panels and the title stay legible
    zoom: Math.max(1, Math.min(8, Math.floor(640 / Math.max(img.cols, img.rows)))),
    colormap: params.colormap ?? (isLabels ? 'viridis' : 'gray'),
    min,
    max,
    title: `${ds.meta.title ?? ds.kind}: ${what}`,
    ...(v.voxelSizeUm !== undefined ? { pixelSize: v.voxelSizeUm, unit: 'µm' } : {}),
    valueLabel: signal.label ?? (isLabels ? 'phase label' : 'value'),
    ...(v.unit ? { valueUnit: v.unit } : {}),
  });
}

export const slicesView: ViewContribution<typeof SliceParams> = {
  id: 'tomography.slices',
  name: 'Orthogonal slices / maximum-intensity projection',
  description: 'xy, xz and yz slices (or one slice, or MIPs) with a colour map, colour bar and µm scale bar; of a streamed volume, its previews.',
  accepts: [KIND_VOLUME, KIND_LABELS, KIND_VOLUME_FILE],
  params: SliceParams,
  render: (ds, params) => render(ds, params),
};

export const mipView: ViewContribution<typeof SliceParams> = {
  id: 'tomography.mip',
  name: 'Maximum-intensity projections',
  accepts: [KIND_VOLUME, KIND_LABELS, KIND_VOLUME_FILE],
  params: SliceParams,
  render: (ds, params) => render(ds, { ...params, mip: true }),
};

const ProjectionParams = z.object({
  index: z.number().int().min(0).optional().describe('projection (angle) index for `tomography.projection`, detector row for `tomography.sinogram`'),
  colormap: z.enum(COLORMAPS).default('gray'),
});

export const projectionView: ViewContribution<typeof ProjectionParams> = {
  id: 'tomography.projection',
  name: 'Projection image',
  accepts: [KIND_PROJECTIONS],
  params: ProjectionParams,
  render(ds, params) {
    const p = projectionsOf(ds);
    const [na, nr, nc] = p.shape;
    const a = Math.min(na - 1, params.index ?? 0);
    const values = Float32Array.from(p.projections.subarray(a * nr * nc, (a + 1) * nr * nc) as ArrayLike<number>);
    const [min, max] = colourRange(values, false);
    return renderImageView({
      values,
      width: nc,
      height: nr,
      colormap: params.colormap,
      min,
      max,
      title: `${ds.meta.title ?? 'projections'}: projection ${a} (θ = ${(((p.theta[a] as number) * 180) / Math.PI).toFixed(2)}°)`,
      ...(p.pixelSizeUm !== undefined ? { pixelSize: p.pixelSizeUm, unit: 'µm' } : {}),
      valueLabel: p.signal,
      valueUnit: p.unit,
    });
  },
};

export const sinogramView: ViewContribution<typeof ProjectionParams> = {
  id: 'tomography.sinogram',
  name: 'Sinogram',
  description: 'One detector row over all angles (angle down, detector across).',
  accepts: [KIND_PROJECTIONS],
  params: ProjectionParams,
  render(ds, params) {
    const p = projectionsOf(ds);
    const [na, nr, nc] = p.shape;
    const r = Math.min(nr - 1, params.index ?? Math.floor(nr / 2));
    const values = new Float32Array(na * nc);
    for (let a = 0; a < na; a++) for (let k = 0; k < nc; k++) values[a * nc + k] = p.projections[(a * nr + r) * nc + k] as number;
    const [min, max] = colourRange(values, false);
    return renderImageView({
      values,
      width: nc,
      height: na,
      colormap: params.colormap,
      min,
      max,
      title: `${ds.meta.title ?? 'projections'}: sinogram of row ${r} (${na} angles, ${((Math.max(...p.theta) - Math.min(...p.theta)) * 180) / Math.PI}° range)`,
      valueLabel: p.signal,
      valueUnit: p.unit,
    });
  },
};
