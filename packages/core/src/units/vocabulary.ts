import { type Dimension, dim, DIMENSIONLESS } from './dimension';

/** One named unit: its scale to the coherent SI unit of its dimension (and an offset for °C). */
export interface UnitDefinition {
  /** The preferred symbol (what {@link normalizeUnit} returns). */
  symbol: string;
  /** Other spellings accepted on input (ASCII forms, names, vendor spellings). */
  aliases: readonly string[];
  dimension: Dimension;
  /** Value in coherent SI units = value × factor × π^piPower + offset. */
  factor: number;
  /**
   * Power of π in the scale, kept apart from `factor` so that units with π (Hz, °, cycle)
   * convert among themselves exactly (10 kHz is 10000 Hz, not 9999.999999999998).
   */
  piPower?: number;
  offset?: number;
  /** Whether SI prefixes (k, m, µ, n, ...) may be attached. */
  prefixable: boolean;
  /** A short description for documentation. */
  name: string;
}

const L = dim({ length: 1 });
const T = dim({ time: 1 });
const M = dim({ mass: 1 });
const I = dim({ current: 1 });
const ANGLE = dim({ angle: 1 });
const VOLT = dim({ mass: 1, length: 2, time: -3, current: -1 });
const OHM = dim({ mass: 1, length: 2, time: -3, current: -2 });
const ENERGY = dim({ mass: 1, length: 2, time: -2 });

/**
 * The vocabulary the four techniques need. Compound units (S/m, cm⁻¹, Ω·cm², mA·h/g, m²/s) are
 * built by the parser from these; only named units are listed here.
 */
export const UNIT_DEFINITIONS: readonly UnitDefinition[] = [
  { symbol: '', aliases: ['1', 'dimensionless', '-'], dimension: DIMENSIONLESS, factor: 1, prefixable: false, name: 'dimensionless' },
  { symbol: '%', aliases: ['percent'], dimension: DIMENSIONLESS, factor: 0.01, prefixable: false, name: 'percent' },
  { symbol: 'counts', aliases: ['count', 'cts', 'ct'], dimension: DIMENSIONLESS, factor: 1, prefixable: false, name: 'detector counts' },
  { symbol: 'a.u.', aliases: ['au', 'arb', 'arb.u.', 'arbitrary'], dimension: DIMENSIONLESS, factor: 1, prefixable: false, name: 'arbitrary units' },
  // length
  { symbol: 'm', aliases: ['meter', 'metre'], dimension: L, factor: 1, prefixable: true, name: 'metre' },
  { symbol: 'Å', aliases: ['\u212B', 'A0', 'angstrom', 'Angstrom', 'AA'], dimension: L, factor: 1e-10, prefixable: false, name: 'ångström' },
  { symbol: 'in', aliases: ['inch'], dimension: L, factor: 0.0254, prefixable: false, name: 'inch' },
  // mass, amount
  { symbol: 'g', aliases: ['gram'], dimension: M, factor: 1e-3, prefixable: true, name: 'gram' },
  { symbol: 'mol', aliases: [], dimension: dim({ amount: 1 }), factor: 1, prefixable: true, name: 'mole' },
  { symbol: 'L', aliases: ['l', 'litre', 'liter'], dimension: dim({ length: 3 }), factor: 1e-3, prefixable: true, name: 'litre' },
  // time
  { symbol: 's', aliases: ['sec', 'second', 'seconds'], dimension: T, factor: 1, prefixable: true, name: 'second' },
  { symbol: 'min', aliases: ['minute', 'minutes'], dimension: T, factor: 60, prefixable: false, name: 'minute' },
  { symbol: 'h', aliases: ['hr', 'hour', 'hours'], dimension: T, factor: 3600, prefixable: false, name: 'hour' },
  { symbol: 'd', aliases: ['day', 'days'], dimension: T, factor: 86400, prefixable: false, name: 'day' },
  // frequency (Hz = cycles per second; see dimension.ts)
  {
    symbol: 'Hz',
    aliases: ['hz', 'hertz'],
    dimension: dim({ time: -1, angle: 1 }),
    factor: 2,
    piPower: 1,
    prefixable: true,
    name: 'hertz (cycles per second)',
  },
  // angle
  { symbol: 'rad', aliases: ['radian', 'radians'], dimension: ANGLE, factor: 1, prefixable: true, name: 'radian' },
  { symbol: '°', aliases: ['deg', 'degree', 'degrees', '°2θ', 'deg2theta'], dimension: ANGLE, factor: 1 / 180, piPower: 1, prefixable: false, name: 'degree' },
  { symbol: 'cycle', aliases: ['cycles', 'rev', 'turn'], dimension: ANGLE, factor: 2, piPower: 1, prefixable: false, name: 'cycle (2π rad)' },
  // electrical
  { symbol: 'A', aliases: ['amp', 'ampere'], dimension: I, factor: 1, prefixable: true, name: 'ampere' },
  { symbol: 'V', aliases: ['volt', 'volts'], dimension: VOLT, factor: 1, prefixable: true, name: 'volt' },
  { symbol: 'Ω', aliases: ['\u2126', 'ohm', 'Ohm', 'ohms', 'Ohms', 'OHM'], dimension: OHM, factor: 1, prefixable: true, name: 'ohm' },
  { symbol: 'S', aliases: ['siemens', 'mho'], dimension: dim({ mass: -1, length: -2, time: 3, current: 2 }), factor: 1, prefixable: true, name: 'siemens' },
  { symbol: 'F', aliases: ['farad'], dimension: dim({ mass: -1, length: -2, time: 4, current: 2 }), factor: 1, prefixable: true, name: 'farad' },
  { symbol: 'H', aliases: ['henry'], dimension: dim({ mass: 1, length: 2, time: -2, current: -2 }), factor: 1, prefixable: true, name: 'henry' },
  { symbol: 'C', aliases: ['coulomb'], dimension: dim({ current: 1, time: 1 }), factor: 1, prefixable: true, name: 'coulomb' },
  { symbol: 'Ah', aliases: ['A·h', 'Ahr'], dimension: dim({ current: 1, time: 1 }), factor: 3600, prefixable: true, name: 'ampere-hour' },
  { symbol: 'W', aliases: ['watt'], dimension: dim({ mass: 1, length: 2, time: -3 }), factor: 1, prefixable: true, name: 'watt' },
  // energy, temperature
  { symbol: 'J', aliases: ['joule'], dimension: ENERGY, factor: 1, prefixable: true, name: 'joule' },
  { symbol: 'eV', aliases: ['electronvolt'], dimension: ENERGY, factor: 1.602176634e-19, prefixable: true, name: 'electronvolt' },
  { symbol: 'K', aliases: ['kelvin'], dimension: dim({ temperature: 1 }), factor: 1, prefixable: true, name: 'kelvin' },
  {
    symbol: '°C',
    aliases: ['degC', 'celsius', 'C°'],
    dimension: dim({ temperature: 1 }),
    factor: 1,
    offset: 273.15,
    prefixable: false,
    name: 'degree Celsius',
  },
  { symbol: 'Pa', aliases: ['pascal'], dimension: dim({ mass: 1, length: -1, time: -2 }), factor: 1, prefixable: true, name: 'pascal' },
  { symbol: 'bar', aliases: [], dimension: dim({ mass: 1, length: -1, time: -2 }), factor: 1e5, prefixable: true, name: 'bar' },
];

/** SI prefixes. Both micro signs (U+00B5, U+03BC) and ASCII `u` are accepted. */
export const SI_PREFIXES: Readonly<Record<string, number>> = {
  Y: 1e24,
  Z: 1e21,
  E: 1e18,
  P: 1e15,
  T: 1e12,
  G: 1e9,
  M: 1e6,
  k: 1e3,
  h: 1e2,
  da: 1e1,
  d: 1e-1,
  c: 1e-2,
  m: 1e-3,
  µ: 1e-6,
  μ: 1e-6,
  u: 1e-6,
  n: 1e-9,
  p: 1e-12,
  f: 1e-15,
  a: 1e-18,
  z: 1e-21,
  y: 1e-24,
};
