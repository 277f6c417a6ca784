/**
 * The per-image HDF5 layout of ALS beamline 8.3.2 (as in DXchange's `read_stack.h5` test file):
 * one top-level group `<scan>` whose attributes are the scan settings as strings (`nangles`,
 * `arange` in degrees, `pxsize` in mm, `nslices`, `nrays`...) and one dataset per image:
 * `<scan>_0000_NNNN.tif` projections (NNNN = angle index), `<scan>bak_XXXX_NNNN.tif` flats and
 * `<scan>drk_XXXX_NNNN.tif` darks (XXXX = repeat, NNNN = angle index where it was taken), each
 * 1 × rows × cols. Angles are θ_i = i · arange / (nangles − 1) when the last projection index is
 * nangles − 1 and arange is 180° or 360° (TomoPy's `angles(n)`, which includes the end point), as
 * DXchange users pair this layout with `tomopy.angles`.
 */
import {
  Confidence,
  DTYPE_CONSTRUCTORS,
  dtypeOf,
  type FileSource,
  isHdf5,
  type NumericArray,
  openHdf5,
  ParseError,
  type ReaderContribution,
  type SniffInput,
} from '@ionscope/core';
import { attrString, getEntity, headContains, isGroup, readNumeric } from '../io/hdf5';
import { KIND_PROJECTIONS, projectionsDataset } from '../kinds';
import { guardRead } from './guard';

export function sniffAls832({ head }: SniffInput): number {
  if (!isHdf5(head)) return Confidence.no;
  return headContains(head, 'bak_') && headContains(head, '_0000_0') ? 0.85 : headContains(head, '_0000_0000.tif') ? Confidence.plausible : Confidence.no;
}

const PROJ = /_0000_(\d+)\.tif$/;
const FLAT = /bak_(\d+)_(\d+)\.tif$/;
const DARK = /drk_(\d+)_(\d+)\.tif$/;

function stack(parts: { index: number; values: NumericArray }[], frameSize: number): NumericArray {
  parts.sort((a, b) => a.index - b.index);
  const first = parts[0]?.values;
  const Ctor = first ? DTYPE_CONSTRUCTORS[dtypeOf(first)] : Float32Array;
  const out = new Ctor(parts.length * frameSize);
  parts.forEach((p, i) => out.set(p.values, i * frameSize));
  return out;
}

export async function readAls832(source: FileSource) {
  const file = source.name;
  const h5 = await openHdf5(source.bytes, file);
  try {
    const groupName = h5.file.keys().find((k) => isGroup(getEntity(h5.file, k)));
    const group = groupName ? getEntity(h5.file, groupName) : undefined;
    if (!groupName || !isGroup(group))
      throw new ParseError('no scan group at the top level', { file, expected: 'a group holding <scan>_0000_NNNN.tif datasets' });
    const proj: { index: number; values: NumericArray }[] = [];
    const flats: { index: number; values: NumericArray }[] = [];
    const darks: { index: number; values: NumericArray }[] = [];
    let rows = -1;
    let cols = -1;
    for (const name of group.keys()) {
      const kind = FLAT.test(name) ? 'flat' : DARK.test(name) ? 'dark' : PROJ.test(name) ? 'proj' : undefined;
      if (!kind) continue;
      const path = `/${groupName}/${name}`;
      const d = readNumeric(h5.file, path, file);
      const shape = d.shape.length === 3 ? d.shape.slice(1) : d.shape;
      if (shape.length !== 2 || (d.shape.length === 3 && d.shape[0] !== 1)) {
        throw new ParseError(`${name} is not a single image`, { file, field: path, expected: '1 × rows × cols', found: `[${d.shape.join(', ')}]` });
      }
      if (rows < 0) [rows, cols] = shape as [number, number];
      else if (shape[0] !== rows || shape[1] !== cols)
        throw new ParseError(`${name} is ${shape.join(' × ')} but other images are ${rows} × ${cols}`, { file, field: path });
      const m = (kind === 'flat' ? FLAT : kind === 'dark' ? DARK : PROJ).exec(name) as RegExpExecArray;
      const index = kind === 'proj' ? Number(m[1]) : Number(m[2]) * 10000 + Number(m[1]);
      (kind === 'flat' ? flats : kind === 'dark' ? darks : proj).push({ index, values: d.values });
    }
    if (proj.length === 0) throw new ParseError('no projection images (<scan>_0000_NNNN.tif)', { file, field: groupName });
    const nangles = Number(attrString(group, 'nangles'));
    const arange = Number(attrString(group, 'arange'));
    const lastIndex = Math.max(...proj.map((p) => p.index));
    const rangeDeg = Number.isFinite(arange) && arange > 0 ? arange : 180;
    const steps = Number.isFinite(nangles) && nangles > 1 ? nangles - 1 : Math.max(1, lastIndex);
    const projIdx = proj.map((p) => p.index).sort((a, b) => a - b);
    const theta = Float64Array.from(projIdx, (i) => ((i * rangeDeg) / steps) * (Math.PI / 180));
    const pxMm = Number(attrString(group, 'pxsize'));
    const frameSize = rows * cols;
    return projectionsDataset({
      projections: stack(proj, frameSize),
      shape: [proj.length, rows, cols],
      theta,
      ...(flats.length ? { flats: { values: stack(flats, frameSize), count: flats.length } } : {}),
      ...(darks.length ? { darks: { values: stack(darks, frameSize), count: darks.length } } : {}),
      ...(Number.isFinite(pxMm) && pxMm > 0 ? { pixelSizeUm: pxMm * 1000 } : {}),
      values: {
        thetaUnitInFile: 'deg',
        thetaUnitSource: `computed from arange=${rangeDeg}° over ${steps} steps (tomopy.angles convention)`,
        layout: 'ALS 8.3.2 per-image HDF5',
        flatAngleIndices: flats.map((f) => Math.floor(f.index / 10000)),
      },
      meta: {
        title: groupName,
        source: { fileName: file, format: 'ALS 8.3.2 HDF5' },
        instrument: {
          ...(attrString(group, 'scanner') ? { manufacturer: attrString(group, 'scanner') } : {}),
          ...(attrString(group, 'camera_used') ? { model: attrString(group, 'camera_used') } : {}),
          settings: Object.fromEntries(
            ['Mono_Energy', 'arange', 'nangles', 'pxsize', 'lens_name', 'scintillator_name', 'obstime'].map((k) => [k, attrString(group, k) ?? null]),
          ),
        },
      },
    });
  } finally {
    h5.close();
  }
}

export const als832Reader: ReaderContribution = {
  id: 'tomography.als832',
  name: 'ALS 8.3.2 per-image HDF5 (<scan>_0000_NNNN.tif, bak_, drk_)',
  extensions: ['.h5', '.hdf5'],
  kinds: [KIND_PROJECTIONS],
  sniff: sniffAls832,
  read: (source) => guardRead(source.name, () => readAls832(source)),
};
