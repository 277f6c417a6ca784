/**
 * NeXus/HDF5 integrated patterns as pyFAI writes them: an NXdata group (`@signal="intensity"`,
 * `@axes="2th_deg"` or `q_nm^-1`, `q_A^-1`, `2th_rad`, `d_A`...) with an optional `errors` dataset.
 * A 1-D signal is an `xrd.pattern`; a 2-D signal (frames × points, as pyFAI's multi-frame
 * integration writes) is an `xrd.series`, with `time`/`t`/`timestamps` from the group when present.
 * The wavelength is read from a `wavelength` dataset anywhere in the file (unit attribute m, nm or
 * Å) or from pyFAI's JSON configuration string. HDF5 is opened with core's openHdf5 (h5wasm).
 */
import {
  Confidence,
  createDataset,
  explicitCoord,
  type FileSource,
  isHdf5,
  openHdf5,
  ParseError,
  type ReaderContribution,
  regularCoord,
  variable,
} from '@ionscope/core';
import { convertAxis } from '../axes';
import { KIND_PATTERN, KIND_SERIES, makePattern, type Radiation, radiationSettings } from '../kinds';

type H5Entity = {
  type?: unknown;
  attrs?: Record<string, { value: unknown }>;
  keys?: () => string[];
  get?: (p: string) => unknown;
  value?: unknown;
  shape?: number[] | null;
};

function attr(e: H5Entity | null | undefined, name: string): unknown {
  try {
    const a = e?.attrs?.[name];
    const v = a?.value;
    return Array.isArray(v) ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>) : v;
  } catch {
    return undefined;
  }
}

function isGroup(e: unknown): e is H5Entity & { keys(): string[]; get(p: string): unknown } {
  return !!e && typeof (e as H5Entity).keys === 'function';
}

/** Depth-first walk over groups, visiting each at most once, up to a depth. */
function walk(group: unknown, path: string, visit: (path: string, e: H5Entity) => void, depth = 0): void {
  if (!isGroup(group) || depth > 8) return;
  for (const key of group.keys()) {
    let e: unknown;
    try {
      e = group.get(key);
    } catch {
      continue;
    }
    const p = path ? `${path}/${key}` : key;
    visit(p, e as H5Entity);
    walk(e, p, visit, depth + 1);
  }
}

function toFloat64(v: unknown, file: string, field: string): Float64Array {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Float64Array.from(v as unknown as ArrayLike<number>, Number);
  if (Array.isArray(v)) return Float64Array.from(v.flat(4) as number[], Number);
  if (typeof v === 'number') return Float64Array.of(v);
  throw new ParseError('dataset is not numeric', { file, field });
}

function axisFromName(name: string, unitsAttr: string | undefined): { axis: 'twoTheta' | 'q' | 'd'; scale: number; radians?: boolean } {
  const n = name.toLowerCase();
  const u = (unitsAttr ?? '').toLowerCase();
  if (n.startsWith('2th') || n.includes('tth') || n.includes('twotheta') || n.includes('2theta'))
    return { axis: 'twoTheta', scale: 1, radians: n.includes('rad') || u === 'rad' };
  if (n.startsWith('q')) return { axis: 'q', scale: n.includes('nm') || u.includes('nm') ? 0.1 : 1 };
  if (n.startsWith('d')) return { axis: 'd', scale: n.includes('nm') || u === 'nm' ? 10 : 1 };
  return { axis: 'twoTheta', scale: 1, radians: u === 'rad' };
}

export async function readNexus(source: FileSource) {
  const file = source.name;
  const h = await openHdf5(source.bytes, file);
  try {
    let nxdata: { path: string; group: H5Entity } | undefined;
    let wavelength: number | undefined;
    walk(h.file, '', (path, e) => {
      if (isGroup(e)) {
        const cls = attr(e, 'NX_class');
        if (!nxdata && (cls === 'NXdata' || attr(e, 'signal') !== undefined) && attr(e, 'signal') !== undefined) nxdata = { path, group: e };
        return;
      }
      const last = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
      if (wavelength === undefined && last === 'wavelength') {
        const v = Number(toFloat64((e as H5Entity).value, file, path)[0]);
        const unit = String(attr(e, 'units') ?? attr(e, 'unit') ?? '').toLowerCase();
        wavelength = unit === 'm' || (v > 0 && v < 1e-6) ? v * 1e10 : unit === 'nm' ? v * 10 : v;
      }
      if (wavelength === undefined && (last === 'data' || last === 'configuration') && typeof (e as H5Entity).value === 'string') {
        const m = /"wavelength"\s*:\s*([0-9.eE+-]+)/.exec((e as H5Entity).value as string);
        if (m?.[1]) wavelength = Number(m[1]) < 1e-6 ? Number(m[1]) * 1e10 : Number(m[1]);
      }
    });
    const found = nxdata;
    if (!found) throw new ParseError('no NXdata group with a @signal attribute', { file, expected: 'a NeXus NXdata group (as pyFAI writes)' });
    const g = found.group as H5Entity & { get(p: string): unknown };
    const signalName = String(attr(g, 'signal'));
    const signal = g.get(signalName) as H5Entity | null;
    if (!signal) throw new ParseError(`signal dataset "${signalName}" is missing`, { file, field: `${found.path}/${signalName}` });
    const shape = signal.shape ?? [];
    const y: Float64Array = toFloat64(signal.value, file, `${found.path}/${signalName}`);
    let axesAttr = attr(g, 'axes');
    if (typeof axesAttr === 'string') axesAttr = axesAttr.split(/[,:\s]+/);
    const axisNames = (Array.isArray(axesAttr) ? axesAttr.map(String) : []).filter((a) => a && a !== '.');
    const axisName = axisNames[axisNames.length - 1];
    const npt = shape[shape.length - 1] ?? y.length;
    if (!axisName) throw new ParseError('NXdata has no @axes', { file, field: `${found.path}@axes` });
    const axisDs = g.get(axisName) as H5Entity | null;
    if (!axisDs) throw new ParseError(`axis dataset "${axisName}" is missing`, { file, field: `${found.path}/${axisName}` });
    const rawX = toFloat64(axisDs.value, file, `${found.path}/${axisName}`);
    if (rawX.length !== npt) throw new ParseError(`axis has ${rawX.length} points, signal rows have ${npt}`, { file, field: `${found.path}/${axisName}` });
    const { axis, scale, radians } = axisFromName(axisName, attr(axisDs, 'units') as string | undefined);
    const x = new Float64Array(npt);
    for (let i = 0; i < npt; i++) x[i] = (rawX[i] as number) * (radians ? 180 / Math.PI : scale);
    const errorsDs = (g.get('errors') ?? g.get(`${signalName}_errors`)) as H5Entity | null;
    let variances: Float64Array | undefined;
    if (errorsDs) {
      const e = toFloat64(errorsDs.value, file, `${found.path}/errors`);
      if (e.length === y.length) variances = Float64Array.from(e, (s) => s * s);
    }
    const radiation: Radiation = { probe: 'synchrotron' };
    if (wavelength && wavelength > 0) radiation.wavelength = wavelength;
    const meta = { source: { fileName: file, format: 'NeXus/HDF5 (pyFAI)' } };
    if (shape.length <= 1) return makePattern({ x, axis, intensity: y, intensityUnit: 'counts', ...(variances ? { variances } : {}), radiation, meta });
    const frames = y.length / npt;
    let time: Float64Array | undefined;
    for (const name of ['time', 't', 'timestamps', 'elapsed_time']) {
      const ds = g.get(name) as H5Entity | null;
      if (ds && !isGroup(ds)) {
        const t = toFloat64(ds.value, file, `${found.path}/${name}`);
        if (t.length === frames) time = t.map((v) => v - (t[0] as number));
      }
    }
    // A series keeps a common 2θ axis; Q/d stacks are converted when the wavelength is known.
    let xs: Float64Array = x;
    let dim: string = axis;
    if (axis !== 'twoTheta' && wavelength) {
      xs = convertAxis(x, axis, 'twoTheta', wavelength);
      dim = 'twoTheta';
    }
    return createDataset({
      kind: KIND_SERIES,
      signal: 'intensity',
      data: { intensity: variable(['scan', dim], y, 'counts', { shape: [frames, npt], ...(variances ? { variances } : {}) }) },
      coords: {
        [dim]: explicitCoord(dim, xs, dim === 'twoTheta' ? '°' : dim === 'q' ? '1/Å' : 'Å'),
        time: time ? explicitCoord('scan', time, 's', { label: 'time' }) : regularCoord('scan', 0, 1, frames, 's', { label: 'time (frame index)' }),
        scan: regularCoord('scan', 0, 1, frames, ''),
      },
      meta: { ...meta, instrument: { settings: radiationSettings(radiation) } },
    });
  } finally {
    h.close();
  }
}

export const nexusReader: ReaderContribution = {
  id: 'xrd.nexus',
  name: 'NeXus/HDF5 integrated patterns (pyFAI .h5/.nxs)',
  extensions: ['.h5', '.hdf5', '.nxs', '.nx5', '.hdf'],
  kinds: [KIND_PATTERN, KIND_SERIES],
  sniff({ head }) {
    if (!isHdf5(head)) return Confidence.no;
    // Only the axis names pyFAI writes (or pyFAI itself) mark a diffraction pattern; other NeXus files
    // (NXtomo, ionscope's own) are left to their readers and to core's generic NeXus reader (0.7).
    const text = new TextDecoder('latin1').decode(head);
    return /2th_deg|2th_rad|q_nm\^-1|q_A\^-1|pyFAI/.test(text) ? Confidence.likely + 0.05 : Confidence.generic;
  },
  read: (source) => readNexus(source),
};
