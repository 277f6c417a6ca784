import { UnitError } from '../errors';
import { convert, parseUnit } from './parse';
import { dim, sameDimension } from './dimension';

/** Planck constant (J·s), speed of light (m/s): exact SI 2019 values. */
export const PLANCK = 6.62607015e-34;
export const SPEED_OF_LIGHT = 299_792_458;

type SpectralKind = 'frequency' | 'angular-frequency' | 'wavenumber' | 'energy' | 'wavelength' | 'period';

const FREQUENCY = dim({ time: -1, angle: 1 });
const ANGULAR = dim({ time: -1, angle: 1 });
const WAVENUMBER = dim({ length: -1 });
const ENERGY = dim({ mass: 1, length: 2, time: -2 });
const LENGTH = dim({ length: 1 });
const TIME = dim({ time: 1 });

function kindOf(unit: string): SpectralKind {
  const d = parseUnit(unit).dimension;
  if (sameDimension(d, FREQUENCY) || sameDimension(d, ANGULAR)) return 'frequency';
  if (sameDimension(d, WAVENUMBER)) return 'wavenumber';
  if (sameDimension(d, ENERGY)) return 'energy';
  if (sameDimension(d, LENGTH)) return 'wavelength';
  if (sameDimension(d, TIME)) return 'period';
  throw new UnitError(`"${unit}" is not a spectral unit`, {
    expected: 'a frequency (Hz, THz, rad/s), wavenumber (cm⁻¹), energy (eV), wavelength (nm) or period (ps)',
  });
}

/** Frequency in Hz from a spectral value in any spectral unit. */
function toHertz(value: number, unit: string): number {
  switch (kindOf(unit)) {
    case 'frequency':
      return convert(value, unit, 'Hz');
    case 'wavenumber':
      return convert(value, unit, 'm^-1') * SPEED_OF_LIGHT;
    case 'energy':
      return convert(value, unit, 'J') / PLANCK;
    case 'wavelength':
      return SPEED_OF_LIGHT / convert(value, unit, 'm');
    case 'period':
      return 1 / convert(value, unit, 's');
    default:
      throw new UnitError(`"${unit}" is not a spectral unit`);
  }
}

function fromHertz(hz: number, unit: string): number {
  switch (kindOf(unit)) {
    case 'frequency':
      return convert(hz, 'Hz', unit);
    case 'wavenumber':
      return convert(hz / SPEED_OF_LIGHT, 'm^-1', unit);
    case 'energy':
      return convert(hz * PLANCK, 'J', unit);
    case 'wavelength':
      return convert(SPEED_OF_LIGHT / hz, 'm', unit);
    case 'period':
      return convert(1 / hz, 's', unit);
    default:
      throw new UnitError(`"${unit}" is not a spectral unit`);
  }
}

/**
 * Converts between spectroscopic quantities of light: frequency (Hz, THz, rad/s), wavenumber (cm⁻¹),
 * photon energy (eV, meV), vacuum wavelength (nm, µm) and period (ps). Unlike {@link convert} this
 * crosses dimensions through E = hν = hc/λ, ν̃ = ν/c.
 */
export function convertSpectral(value: number, from: string, to: string): number {
  return fromHertz(toHertz(value, from), to);
}
