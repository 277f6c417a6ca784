/** Building and reading `thz.map2d` datasets: field over (delay × time), both in ps. */
import {
  coordValues,
  createDataset,
  type Dataset,
  DataError,
  dimCoord,
  explicitCoord,
  type JsonValue,
  type Mask,
  type Metadata,
  variable,
} from '@ionscope/core';
import { KIND } from './kinds';
import { timeCoordinate } from './waveform';

export interface Map2dInit {
  /** Pump–probe (or excitation) delays in ps; NaN where the file does not say. */
  delay: Float64Array;
  /** THz gate time in ps, strictly increasing. */
  time: Float64Array;
  /** Row-major delay × time. */
  field: Float64Array;
  fieldUnit?: string;
  meta?: Metadata;
  values?: Record<string, JsonValue>;
}

export function createMap2d(init: Map2dInit): Dataset {
  const nd = init.delay.length;
  const nt = init.time.length;
  const masks: Record<string, Mask> = {};
  let missing = 0;
  const flags = new Uint8Array(nd);
  init.delay.forEach((d, i) => {
    if (!Number.isFinite(d)) {
      flags[i] = 1;
      missing++;
    }
  });
  if (missing) masks.missingDelay = { dims: ['delay'], values: flags, reason: 'delay not given in the file header' };
  return createDataset({
    kind: KIND.map2d,
    signal: 'field',
    data: { field: variable(['delay', 'time'], init.field, init.fieldUnit ?? 'a.u.', { shape: [nd, nt], label: 'THz field' }) },
    coords: { delay: explicitCoord('delay', init.delay, 'ps', { label: 'delay' }), time: timeCoordinate(init.time) },
    ...(missing ? { masks } : {}),
    values: { ...(init.values ?? {}), missingDelays: missing },
    meta: init.meta ?? {},
  });
}

export interface Map2dArrays {
  delay: Float64Array;
  time: Float64Array;
  field: Float64Array;
  nDelay: number;
  nTime: number;
  dt: number;
}

export function map2dArrays(ds: Dataset, name = 'input'): Map2dArrays {
  if (ds.kind !== KIND.map2d) throw new DataError(`${name} is a ${ds.kind} dataset, not a THz 2-D map`, { field: name, expected: KIND.map2d });
  const f = ds.data.field;
  const dc = dimCoord(ds, 'delay');
  const tc = dimCoord(ds, 'time');
  if (!f || !dc || !tc || f.dims[0] !== 'delay' || f.dims[1] !== 'time') {
    throw new DataError(`${name} must hold field over (delay, time)`, { field: name });
  }
  const delay = coordValues(dc);
  const time = coordValues(tc);
  const field = f.values instanceof Float64Array ? f.values : Float64Array.from(f.values);
  const nt = time.length;
  return { delay, time, field, nDelay: delay.length, nTime: nt, dt: ((time[nt - 1] as number) - (time[0] as number)) / (nt - 1) };
}
