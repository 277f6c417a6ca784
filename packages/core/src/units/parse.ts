import { UnitError } from '../errors';
import { type Dimension, DIMENSIONLESS, describeDimension, multiplyDimensions, sameDimension } from './dimension';
import { SI_PREFIXES, UNIT_DEFINITIONS, type UnitDefinition } from './vocabulary';

/** A parsed unit: how to get to coherent SI units, and its dimension. */
export interface ParsedUnit {
  /** The string as given. */
  source: string;
  dimension: Dimension;
  /** SI value = value × factor × π^piPower + offset. */
  factor: number;
  piPower: number;
  /** Non-zero only for a lone offset unit such as °C. */
  offset: number;
}

const bySpelling = new Map<string, UnitDefinition>();
for (const def of UNIT_DEFINITIONS) {
  bySpelling.set(def.symbol, def);
  for (const alias of def.aliases) bySpelling.set(alias, def);
}

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
};

const cache = new Map<string, ParsedUnit>();

/**
 * Parses a unit string: named units with SI prefixes, products (`·`, `*`, space), quotients (`/`),
 * and powers (`^-1`, `-1`, `⁻¹`, `2`, `²`). Examples: `Ω`, `kHz`, `µm`, `cm⁻¹`, `S/m`, `Ω·cm^2`,
 * `mA h/g`, `1/cm`, `m^2/s`, `°`. Throws a {@link UnitError} naming the piece it could not read.
 */
export function parseUnit(unit: string): ParsedUnit {
  const cached = cache.get(unit);
  if (cached) return cached;
  const parsed = parseUncached(unit);
  cache.set(unit, parsed);
  return parsed;
}

function parseUncached(unit: string): ParsedUnit {
  const trimmed = unit.trim();
  const whole = bySpelling.get(trimmed);
  if (whole) return { source: unit, dimension: whole.dimension, factor: whole.factor, piPower: whole.piPower ?? 0, offset: whole.offset ?? 0 };

  const normalised = trimmed.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, (m) => `^${[...m].map((c) => SUPERSCRIPTS[c]).join('')}`);
  // Split into factors, remembering whether each follows a '/'.
  const tokens = normalised.split(/(\/|\*|·|⋅|\s+)/).filter((t) => t !== '' && !/^\s+$/.test(t));
  let dimension: Dimension = DIMENSIONLESS;
  let factor = 1;
  let piPower = 0;
  let divide = false;
  let sawFactor = false;
  for (const token of tokens) {
    if (token === '/') {
      divide = true;
      continue;
    }
    if (token === '*' || token === '·' || token === '⋅') continue;
    const term = parseTerm(token, unit);
    const power = divide ? -term.power : term.power;
    dimension = multiplyDimensions(dimension, term.dimension, power);
    factor *= term.factor ** power;
    piPower += term.piPower * power;
    divide = false;
    sawFactor = true;
  }
  if (!sawFactor) throw new UnitError(`cannot read the unit "${unit}"`, { expected: 'a unit such as Ω, kHz, µm, cm⁻¹, S/m' });
  return { source: unit, dimension, factor, piPower, offset: 0 };
}

interface Term {
  dimension: Dimension;
  factor: number;
  piPower: number;
  power: number;
}

function parseTerm(token: string, whole: string): Term {
  if (token === '1') return { dimension: DIMENSIONLESS, factor: 1, piPower: 0, power: 1 };
  // A power written as ^n, or a trailing signed integer (cm-1, m2).
  const match = /^(.*?)(?:\^\(?([+-]?\d+(?:\.\d+)?)\)?|([+-]?\d+))$/.exec(token);
  let base = token;
  let power = 1;
  if (match && match[1] !== '' && (match[2] !== undefined || match[3] !== undefined)) {
    base = match[1] as string;
    power = Number(match[2] ?? match[3]);
  }
  const def = lookup(base);
  if (!def) {
    throw new UnitError(`unknown unit "${base}" in "${whole}"`, {
      expected: 'a known unit symbol (see UNIT_DEFINITIONS) with an optional SI prefix',
    });
  }
  if (def.offset && def.offset !== 0) {
    throw new UnitError(`"${base}" has an offset and cannot be combined with other units in "${whole}"`);
  }
  return { dimension: def.dimension, factor: def.factor, piPower: def.piPower ?? 0, power };
}

function lookup(base: string): { dimension: Dimension; factor: number; piPower?: number; offset?: number } | undefined {
  const exact = bySpelling.get(base);
  if (exact) return exact;
  // Two-letter prefix first ('da'), then one letter.
  for (const len of [2, 1]) {
    if (base.length <= len) continue;
    const prefix = base.slice(0, len);
    const scale = SI_PREFIXES[prefix];
    if (scale === undefined) continue;
    const def = bySpelling.get(base.slice(len));
    if (def?.prefixable) return { dimension: def.dimension, factor: def.factor * scale, piPower: def.piPower ?? 0 };
  }
  return undefined;
}

/** True when the string parses as a unit. */
export function isUnit(unit: string): boolean {
  try {
    parseUnit(unit);
    return true;
  } catch {
    return false;
  }
}

/** True when values in `a` can be converted to `b`. */
export function unitsCompatible(a: string, b: string): boolean {
  return sameDimension(parseUnit(a).dimension, parseUnit(b).dimension);
}

function assertCompatible(from: ParsedUnit, to: ParsedUnit): void {
  if (!sameDimension(from.dimension, to.dimension)) {
    throw new UnitError(`cannot convert "${from.source}" (${describeDimension(from.dimension)}) to "${to.source}" (${describeDimension(to.dimension)})`, {
      expected: `a unit of ${describeDimension(to.dimension)}`,
    });
  }
}

/** Scale from unit a to unit b: (a.factor / b.factor) × π^(a.piPower − b.piPower). */
function scaleBetween(a: ParsedUnit, b: ParsedUnit): number {
  const ratio = a.factor / b.factor;
  const pi = a.piPower - b.piPower;
  return pi === 0 ? ratio : ratio * Math.PI ** pi;
}

/** Multiplicative factor from `from` to `to` (throws for offset units such as °C). */
export function conversionFactor(from: string, to: string): number {
  const a = parseUnit(from);
  const b = parseUnit(to);
  assertCompatible(a, b);
  if (a.offset !== 0 || b.offset !== 0) {
    throw new UnitError(`"${from}" → "${to}" is an affine conversion; use convert() instead of a factor`);
  }
  return scaleBetween(a, b);
}

/** Converts one value between compatible units (handles °C ↔ K). */
export function convert(value: number, from: string, to: string): number {
  if (from === to) return value;
  const a = parseUnit(from);
  const b = parseUnit(to);
  assertCompatible(a, b);
  if (a.offset === 0 && b.offset === 0) return value * scaleBetween(a, b);
  return (value * a.factor * Math.PI ** a.piPower + a.offset - b.offset) / (b.factor * Math.PI ** b.piPower);
}

/** Converts a whole array, into a new Float64Array (the input is never modified). */
export function convertArray(values: ArrayLike<number>, from: string, to: string): Float64Array {
  const out = new Float64Array(values.length);
  if (from === to) {
    for (let i = 0; i < values.length; i++) out[i] = values[i] as number;
    return out;
  }
  const a = parseUnit(from);
  const b = parseUnit(to);
  assertCompatible(a, b);
  const scale = scaleBetween(a, b);
  const shift = (a.offset - b.offset) / (b.factor * Math.PI ** b.piPower);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) * scale + shift;
  return out;
}

/**
 * The preferred spelling of a unit when it is a single named unit (`ohm` → `Ω`, `um` → `µm`,
 * `deg` → `°`); compound units are returned trimmed and with `^-1`-style powers as given.
 */
export function normalizeUnit(unit: string): string {
  const trimmed = unit.trim();
  const def = bySpelling.get(trimmed);
  if (def) return def.symbol;
  for (const len of [2, 1]) {
    const prefix = trimmed.slice(0, len);
    const scale = SI_PREFIXES[prefix];
    if (scale === undefined || trimmed.length <= len) continue;
    const base = bySpelling.get(trimmed.slice(len));
    if (base?.prefixable) return `${prefix === 'u' || prefix === 'μ' ? 'µ' : prefix}${base.symbol}`;
  }
  parseUnit(trimmed); // throws on nonsense
  return trimmed;
}
