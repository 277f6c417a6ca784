/**
 * The dataset kinds this plugin defines, and helpers to build and read them.
 *
 * `xrd.pattern`: one powder pattern. Data `intensity` over one dimension, which is `twoTheta`
 * (degrees), `q` (Å⁻¹) or `d` (Å); `variances` hold σ² = counts when counting statistics apply.
 * The radiation lives in `meta.instrument.settings`: `wavelength` (the one used for axis
 * conversions), `kAlpha1`, `kAlpha2`, `kAlpha2Ratio` (quantities in Å / dimensionless), `anode`
 * and `radiation` (`x-ray`, `neutron`, `synchrotron`).
 *
 * `xrd.series`: many patterns on one common axis: `intensity` over [`scan`, `twoTheta`] with a
 * `time` coordinate along `scan` (seconds from `meta.startTime`).
 */
import {
  type Coordinate,
  coordValues,
  createDataset,
  type Dataset,
  DataError,
  dimCoord,
  explicitCoord,
  type Metadata,
  regularCoord,
  signalOf,
  type Variable,
  variable,
} from '@ionscope/core';
import { AXIS_LABELS, AXIS_UNITS, type AxisKind, convertAxis } from './axes';

export const KIND_PATTERN = 'xrd.pattern';
export const KIND_SERIES = 'xrd.series';
export const KIND_STRUCTURE = 'xrd.structure';
export const KIND_PEAKS = 'xrd.peaks';
export const KIND_FIT = 'xrd.fit';
export const KIND_SIMULATION = 'xrd.simulation';
export const KIND_IDENTIFICATION = 'xrd.identification';
export const KIND_TRACKING = 'xrd.tracking';
export const KIND_LATTICE = 'xrd.lattice';
export const KIND_SIZE_STRAIN = 'xrd.size-strain';
export const KIND_RIETVELD = 'xrd.rietveld';

export const KIND_DEFINITIONS = [
  { id: KIND_PATTERN, description: 'A powder diffraction pattern: intensity over 2θ (°), Q (Å⁻¹) or d (Å), radiation in meta.instrument.settings' },
  { id: KIND_SERIES, description: 'Patterns on a common 2θ axis over [scan, twoTheta], with a time coordinate (s from meta.startTime)' },
  { id: KIND_STRUCTURE, description: 'A crystal structure read from a CIF: cell, symmetry operators, atom sites (values.structure)' },
  { id: KIND_PEAKS, description: 'Peaks found in a pattern (values.peaks) with the pattern and background' },
  { id: KIND_FIT, description: 'Profile fit of peaks: parameters with standard errors, the model curve and residuals' },
  { id: KIND_SIMULATION, description: 'A powder pattern simulated from a structure: peak list (values.peaks) and a profile' },
  { id: KIND_IDENTIFICATION, description: 'Phase identification: ranked candidate phases with scores' },
  { id: KIND_TRACKING, description: 'Peak positions, areas and widths tracked through a series, over time' },
  { id: KIND_LATTICE, description: 'Lattice parameters refined from peak positions (one pattern or a series)' },
  { id: KIND_SIZE_STRAIN, description: 'Crystallite size and microstrain (Scherrer, Williamson–Hall)' },
  {
    id: KIND_RIETVELD,
    description:
      'Rietveld refinement: refined phases (cell, scale, B, coordinates, weight fractions) with errors, agreement factors, observed/calculated/difference curves',
  },
];

export type RadiationProbe = 'x-ray' | 'neutron' | 'synchrotron';

/** The radiation of a pattern, all wavelengths in Å. */
export interface Radiation {
  /** The wavelength used for axis conversions (Kα1 when a doublet is known, else the one given). */
  wavelength?: number;
  kAlpha1?: number;
  kAlpha2?: number;
  kBeta?: number;
  /** I(Kα2)/I(Kα1). */
  kAlpha2Ratio?: number;
  anode?: string;
  probe?: RadiationProbe;
}

export interface PatternInit {
  /** Axis values, or a regular grid. */
  x: Float64Array | { start: number; step: number; length: number };
  axis?: AxisKind;
  intensity: Float64Array;
  /** `counts` (raw detector counts), `counts/s` or `a.u.`. */
  intensityUnit?: string;
  /** σ² per point; `poisson` sets σ² = max(counts, 1) for raw counts. */
  variances?: Float64Array | 'poisson';
  radiation?: Radiation;
  meta?: Metadata;
  /** Extra instrument settings kept as read (step time, generator...). */
  settings?: Record<string, unknown>;
}

const q = (value: number, unit: string) => ({ value, unit });

/** Instrument settings entries for a radiation description. */
export function radiationSettings(r: Radiation): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  if (r.wavelength !== undefined) s.wavelength = q(r.wavelength, 'Å');
  if (r.kAlpha1 !== undefined) s.kAlpha1 = q(r.kAlpha1, 'Å');
  if (r.kAlpha2 !== undefined) s.kAlpha2 = q(r.kAlpha2, 'Å');
  if (r.kBeta !== undefined) s.kBeta = q(r.kBeta, 'Å');
  if (r.kAlpha2Ratio !== undefined) s.kAlpha2Ratio = r.kAlpha2Ratio;
  if (r.anode !== undefined) s.anode = r.anode;
  if (r.probe !== undefined) s.radiation = r.probe;
  return s;
}

/** Builds an `xrd.pattern` dataset. */
export function makePattern(init: PatternInit): Dataset {
  const axis = init.axis ?? 'twoTheta';
  const n = init.intensity.length;
  let coord: Coordinate;
  if (init.x instanceof Float64Array) {
    if (init.x.length !== n) throw new DataError(`${n} intensities but ${init.x.length} axis values`, { field: axis });
    coord = explicitCoord(axis, init.x, AXIS_UNITS[axis], { label: AXIS_LABELS[axis] });
  } else {
    coord = regularCoord(axis, init.x.start, init.x.step, init.x.length, AXIS_UNITS[axis], { label: AXIS_LABELS[axis] });
  }
  const unit = init.intensityUnit ?? 'counts';
  let variances: Float64Array | undefined;
  if (init.variances === 'poisson') {
    variances = new Float64Array(n);
    for (let i = 0; i < n; i++) variances[i] = Math.max(init.intensity[i] as number, 1);
  } else variances = init.variances;
  const meta: Metadata = { ...(init.meta ?? {}) };
  const settings = { ...(init.settings ?? {}), ...(init.radiation ? radiationSettings(init.radiation) : {}) };
  if (Object.keys(settings).length) meta.instrument = { ...(meta.instrument ?? {}), settings: { ...(meta.instrument?.settings ?? {}), ...settings } };
  return createDataset({
    kind: KIND_PATTERN,
    signal: 'intensity',
    data: { intensity: variable([axis], init.intensity, unit, { label: 'intensity', ...(variances ? { variances } : {}) }) },
    coords: { [axis]: coord },
    meta,
  });
}

function numberSetting(settings: Record<string, unknown> | undefined, key: string): number | undefined {
  const v = settings?.[key];
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') return (v as { value: number }).value;
  return undefined;
}

/** The radiation recorded in a dataset's metadata (empty when none). */
export function radiationOf(ds: Dataset): Radiation {
  const s = ds.meta.instrument?.settings;
  const r: Radiation = {};
  const wl = numberSetting(s, 'wavelength');
  if (wl !== undefined) r.wavelength = wl;
  const k1 = numberSetting(s, 'kAlpha1');
  if (k1 !== undefined) r.kAlpha1 = k1;
  const k2 = numberSetting(s, 'kAlpha2');
  if (k2 !== undefined) r.kAlpha2 = k2;
  const kb = numberSetting(s, 'kBeta');
  if (kb !== undefined) r.kBeta = kb;
  const ratio = numberSetting(s, 'kAlpha2Ratio');
  if (ratio !== undefined) r.kAlpha2Ratio = ratio;
  if (typeof s?.anode === 'string') r.anode = s.anode;
  if (typeof s?.radiation === 'string') r.probe = s.radiation as RadiationProbe;
  return r;
}

/** Which axis a pattern (or series) runs along. */
export function patternAxis(ds: Dataset): AxisKind {
  const dims = signalOf(ds).dims;
  const last = dims[dims.length - 1];
  if (last === 'twoTheta' || last === 'q' || last === 'd') return last;
  throw new DataError(`expected a pattern over twoTheta, q or d, found dimension "${last}"`, { field: 'dims' });
}

/** A pattern's axis values and intensities as Float64Arrays (plus σ when variances exist). */
export function patternArrays(ds: Dataset): { x: Float64Array; y: Float64Array; sigma?: Float64Array; axis: AxisKind; intensity: Variable } {
  const axis = patternAxis(ds);
  const coord = dimCoord(ds, axis);
  if (!coord) throw new DataError(`pattern has no ${axis} coordinate`, { field: `coords.${axis}` });
  const intensity = signalOf(ds);
  const x = coordValues(coord);
  const y = intensity.values instanceof Float64Array ? intensity.values : Float64Array.from(intensity.values);
  let sigma: Float64Array | undefined;
  if (intensity.variances) {
    sigma = new Float64Array(intensity.variances.length);
    for (let i = 0; i < sigma.length; i++) sigma[i] = Math.sqrt(intensity.variances[i] as number);
  }
  return { x, y, axis, intensity, ...(sigma ? { sigma } : {}) };
}

/** A pattern's axis converted to 2θ (degrees) for a wavelength (the file's, unless given). */
export function twoThetaOf(ds: Dataset, wavelength?: number): Float64Array {
  const { x, axis } = patternArrays(ds);
  if (axis === 'twoTheta') return x;
  const wl = wavelength ?? radiationOf(ds).wavelength;
  if (!wl) throw new DataError(`converting ${axis} to 2θ needs a wavelength; none in the file, give one`, { field: 'wavelength' });
  return convertAxis(x, axis, 'twoTheta', wl);
}
