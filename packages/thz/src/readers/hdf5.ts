/**
 * THz traces and maps in HDF5 (NeXus-style or plain). The reader looks for the first group that
 * holds a time axis and a field:
 * - time: a 1-D dataset named `time`, `t`, `delay_time` or `time_ps` (unit from its `units`/`unit`
 *   attribute, else from the sampling step);
 * - field: `field`, `E`, `E_field`, `signal`, `waveform` or `data`; 1-D (one trace) or 2-D
 *   (repeats × time → mean ± SEM, or delays × time when a 1-D `delay`/`pump_delay` of matching
 *   length sits beside it → thz.map2d);
 * - optional `field_std`/`std` (per-point standard deviation of a 1-D field).
 * A NeXus NXdata group's `signal`/`axes` attributes take precedence over the names.
 */
import { type FileSource, type H5Dataset, type H5Group, IonscopeError, isHdf5, openHdf5, ParseError, type ReaderContribution } from '@ionscope/core';
import { KIND } from '../kinds';
import { createMap2d } from '../map2d';
import { chooseTimeUnit } from '../util/time-unit';
import { createWaveform } from '../waveform';

const TIME_NAMES = ['time', 't', 'delay_time', 'time_ps', 'timeaxis'];
const FIELD_NAMES = ['field', 'E', 'E_field', 'efield', 'signal', 'waveform', 'data'];
const DELAY_NAMES = ['delay', 'pump_delay', 'pump_probe_delay', 'excitation_delay', 'tau'];
const STD_NAMES = ['field_std', 'std', 'field_errors', 'errors'];

interface Found {
  group: H5Group;
  path: string;
  time: H5Dataset;
  field: H5Dataset;
  delay?: H5Dataset;
  std?: H5Dataset;
}

function attrString(entity: { attrs: Record<string, { value: unknown }> }, names: string[]): string | undefined {
  for (const n of names) {
    const a = entity.attrs[n];
    if (!a) continue;
    const v = a.value;
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return undefined;
}

function attrStrings(entity: { attrs: Record<string, { value: unknown }> }, name: string): string[] {
  const a = entity.attrs[name];
  if (!a) return [];
  const v = a.value;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

function isDataset(e: unknown): e is H5Dataset {
  return !!e && typeof e === 'object' && 'shape' in e && 'dtype' in e;
}

function isGroup(e: unknown): e is H5Group {
  return !!e && typeof e === 'object' && 'keys' in e && typeof (e as H5Group).keys === 'function';
}

function child(group: H5Group, keys: string[], names: string[]): H5Dataset | undefined {
  for (const n of names) {
    const key = keys.find((k) => k === n) ?? keys.find((k) => k.toLowerCase() === n.toLowerCase());
    if (!key) continue;
    const e = group.get(key);
    if (isDataset(e)) return e;
  }
  return undefined;
}

function search(group: H5Group, path: string, depth: number): Found | undefined {
  const keys = group.keys();
  const signal = attrString(group, ['signal']);
  const axes = attrStrings(group, 'axes');
  let field = signal ? child(group, keys, [signal]) : undefined;
  let time = axes.length ? child(group, keys, [axes[axes.length - 1] as string]) : undefined;
  field ??= child(group, keys, FIELD_NAMES);
  time ??= child(group, keys, TIME_NAMES);
  if (field && time) {
    const delay = axes.length > 1 ? child(group, keys, [axes[0] as string]) : child(group, keys, DELAY_NAMES);
    const std = child(group, keys, STD_NAMES);
    return { group, path, field, time, ...(delay ? { delay } : {}), ...(std ? { std } : {}) };
  }
  if (depth > 6) return undefined;
  for (const k of keys) {
    const e = group.get(k);
    if (isGroup(e)) {
      const found = search(e, `${path}/${k}`, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function numeric(ds: H5Dataset, file: string, path: string): Float64Array {
  const v = ds.value as unknown;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)) {
    return Float64Array.from(v as unknown as ArrayLike<number>);
  }
  if (typeof v === 'number') return Float64Array.of(v);
  throw new ParseError('dataset is not numeric', { file, field: path, expected: 'a numeric array' });
}

export async function readThzHdf5(source: FileSource) {
  const file = source.name;
  const h5 = await openHdf5(source.bytes, file);
  try {
    return readOpened(h5.file as unknown as H5Group, file);
  } catch (error) {
    if (error instanceof IonscopeError) throw error;
    // h5wasm raises plain Errors on corrupt object headers or unreadable datasets.
    throw new ParseError(`HDF5 content could not be read: ${(error as Error)?.message ?? String(error)}`, { file, cause: error });
  } finally {
    h5.close();
  }
}

function readOpened(root: H5Group, file: string) {
  {
    const found = search(root, '', 0);
    if (!found) {
      throw new ParseError('no THz trace found', {
        file,
        expected: `a group with a time dataset (${TIME_NAMES.join('/')}) and a field dataset (${FIELD_NAMES.join('/')})`,
      });
    }
    const p = (d: H5Dataset) => d.path;
    const time = numeric(found.time, file, p(found.time));
    const field = numeric(found.field, file, p(found.field));
    const shape = found.field.shape ?? [];
    const nt = time.length;
    const step = nt > 1 ? ((time[nt - 1] as number) - (time[0] as number)) / (nt - 1) : Number.NaN;
    const unit = chooseTimeUnit(attrString(found.time, ['units', 'unit']) ?? '', step, file);
    const tps = time.map((v) => v * unit.toPs);
    const fieldUnit = attrString(found.field, ['units', 'unit']) ?? 'a.u.';
    const meta = { source: { fileName: file, format: `HDF5 (${found.path || '/'})` } };
    const timeAxis = { sourceUnit: unit.unit, unitFrom: unit.source, reversed: false };
    if (shape.length === 1) {
      if (field.length !== nt) throw new ParseError(`field has ${field.length} points for ${nt} times`, { file, field: p(found.field) });
      const std = found.std ? numeric(found.std, file, p(found.std)) : undefined;
      if (std && std.length !== nt) throw new ParseError(`std has ${std.length} points for ${nt} times`, { file, field: p(found.std as H5Dataset) });
      return createWaveform({ time: tps, traces: [field], ...(std ? { std } : {}), fieldUnit, fileName: file, timeAxis, meta });
    }
    if (shape.length !== 2) throw new ParseError(`field has ${shape.length} dimensions`, { file, field: p(found.field), expected: '1-D or 2-D' });
    const [rows, cols] = shape as [number, number];
    if (cols !== nt)
      throw new ParseError(`field's last dimension (${cols}) does not match the time axis (${nt})`, { file, field: p(found.field), expected: 'rows × time' });
    if (found.delay) {
      const delayRaw = numeric(found.delay, file, p(found.delay));
      if (delayRaw.length !== rows) throw new ParseError(`${rows} field rows for ${delayRaw.length} delays`, { file, field: p(found.delay) });
      const dUnit = attrString(found.delay, ['units', 'unit']);
      const dScale = dUnit ? chooseTimeUnit(dUnit, 1, file).toPs : 1;
      const delay = delayRaw.map((v) => v * dScale);
      let f = field;
      let t = tps;
      if ((t[nt - 1] as number) < (t[0] as number)) {
        t = t.slice().reverse();
        f = new Float64Array(field.length);
        for (let r = 0; r < rows; r++) for (let i = 0; i < nt; i++) f[r * nt + i] = field[r * nt + (nt - 1 - i)] as number;
      }
      return createMap2d({ delay, time: t, field: f, fieldUnit, meta, values: { timeAxis: { unit: 'ps', ...timeAxis } } });
    }
    const traces = Array.from({ length: rows }, (_, r) => field.slice(r * nt, (r + 1) * nt));
    return createWaveform({ time: tps, traces, fieldUnit, fileName: file, timeAxis, meta });
  }
}

export const hdf5Reader: ReaderContribution = {
  id: 'thz.hdf5',
  name: 'THz trace or map in HDF5/NeXus',
  extensions: ['.h5', '.hdf5', '.nxs', '.hdf'],
  kinds: [KIND.waveform, KIND.map2d],
  sniff({ head }) {
    if (!isHdf5(head.subarray(0, Math.min(head.length, 4096)))) return 0;
    // Object names sit in the first kilobytes of small files: look for THz-ish ones.
    const text = new TextDecoder('latin1').decode(head);
    const thzWords = /thz|terahertz|E_field|waveform|pump_delay/i.test(text);
    return thzWords ? 0.6 : 0.15;
  },
  read: readThzHdf5,
};
