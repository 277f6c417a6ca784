import { describe, expect, it } from 'vitest';
import { convert, convertArray, convertSpectral, conversionFactor, normalizeUnit, parseQuantity, quantityIn, unitsCompatible, UnitError } from '../src/index';

describe('units', () => {
  it('converts lengths with prefixes and symbols', () => {
    expect(convert(450, 'µm', 'm')).toBeCloseTo(450e-6, 15);
    expect(convert(450, 'um', 'mm')).toBeCloseTo(0.45, 12);
    expect(convert(1.54184, 'Å', 'nm')).toBeCloseTo(0.154184, 12);
    expect(convert(1, 'angstrom', 'm')).toBe(1e-10);
  });
  it('relates Hz and rad/s by 2π and keeps THz/ps reciprocal', () => {
    expect(convert(1, 'Hz', 'rad/s')).toBeCloseTo(2 * Math.PI, 12);
    expect(convert(1, 'THz', 'Hz')).toBeCloseTo(1e12, 0);
    expect(convert(10, 'kHz', 'Hz')).toBe(10000);
  });
  it('handles degrees, radians and °C', () => {
    expect(convert(180, '°', 'rad')).toBeCloseTo(Math.PI, 14);
    expect(convert(90, 'deg', 'rad')).toBeCloseTo(Math.PI / 2, 14);
    expect(convert(25, '°C', 'K')).toBeCloseTo(298.15, 12);
  });
  it('parses compound units', () => {
    expect(conversionFactor('S/cm', 'S/m')).toBeCloseTo(100, 12);
    expect(conversionFactor('cm⁻¹', 'm^-1')).toBeCloseTo(100, 12);
    expect(conversionFactor('cm-1', '1/m')).toBeCloseTo(100, 12);
    expect(conversionFactor('Ω·cm^2', 'Ω·m²')).toBeCloseTo(1e-4, 16);
    expect(conversionFactor('mA h/g', 'C/kg')).toBeCloseTo(3600, 9);
    expect(unitsCompatible('F', 'C/V')).toBe(true);
    expect(unitsCompatible('H', 'Ω·s')).toBe(true);
    expect(unitsCompatible('S', '1/Ω')).toBe(true);
    expect(unitsCompatible('Ω', 'F')).toBe(false);
  });
  it('refuses nonsense with a UnitError', () => {
    expect(() => convert(1, 'Ω', 'F')).toThrow(UnitError);
    expect(() => convert(1, 'furlong', 'm')).toThrow(/unknown unit "furlong"/);
  });
  it('reads quantities from text', () => {
    expect(parseQuantity('450um')).toEqual({ value: 450, unit: 'um' });
    expect(quantityIn('450um', 'm')).toBeCloseTo(4.5e-4, 15);
    expect(quantityIn('1.54184 Å', 'Å')).toBe(1.54184);
    expect(quantityIn('10 kHz', 'Hz')).toBe(10000);
    expect(quantityIn('-2.5e-3 mA', 'A')).toBeCloseTo(-2.5e-6, 18);
  });
  it('normalises spellings', () => {
    expect(normalizeUnit('ohm')).toBe('Ω');
    expect(normalizeUnit('um')).toBe('µm');
    expect(normalizeUnit('kohm')).toBe('kΩ');
    expect(normalizeUnit('deg')).toBe('°');
  });
  it('converts spectroscopic quantities through E = hν', () => {
    expect(convertSpectral(1, 'THz', 'cm^-1')).toBeCloseTo(33.35641, 4);
    expect(convertSpectral(1, 'eV', 'nm')).toBeCloseTo(1239.84198, 4);
    expect(convertSpectral(1, 'THz', 'meV')).toBeCloseTo(4.135667, 5);
    expect(convertSpectral(1, 'THz', 'ps')).toBeCloseTo(1, 12);
  });
  it('converts arrays without touching the input', () => {
    const input = Float64Array.from([1, 2, 3]);
    const out = convertArray(input, 'ps', 's');
    expect(Array.from(input)).toEqual([1, 2, 3]);
    expect(out[2]).toBeCloseTo(3e-12, 24);
  });
});
