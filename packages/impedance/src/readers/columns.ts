/**
 * Recognising impedance columns by their header names and units, for the many tabular exports
 * (`Freq/Hz, Z'/ohm, Z"/ohm`, `Frequency (Hz), Zre (ohms), Zim (ohms)`, `f/Hz  Z'/Ohm  -Z''/Ohm`,
 * `|Z|, phase`...). A leading minus in a name (`-Z''`, `-Im(Z)`, `-Phase`) means the column holds
 * −Z″ (or −φ); it is negated so that Z″ < 0 is capacitive.
 */
import type { ReadContext } from '@ionscope/core';
import type { SpectrumArrays } from '../model/spectrum';
import { cleanSpectrum, parseError } from './common';

export interface ColumnRoles {
  frequency: number;
  real: number;
  imag: number;
  modulus: number;
  phase: number;
  time: number;
  potential: number;
  current: number;
  /** The imaginary (or phase) column holds the negated quantity. */
  imagNegated: boolean;
  phaseNegated: boolean;
  frequencyScale: number;
  impedanceScale: number;
  phaseInRadians: boolean;
  currentScale: number;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[\u2032\u2019]/g, "'")
    .replace(/[\u2033\u201d]/g, '"');

function frequencyScale(unit: string): number {
  const u = unit.replace(/\s/g, '');
  if (u === 'kHz') return 1e3;
  if (u === 'MHz') return 1e6;
  if (u === 'mHz') return 1e-3;
  return 1;
}

function impedanceScale(unit: string): number {
  const u = unit.replace(/\s/g, '');
  if (/^M(Ω|\u2126|ohm|Ohm|ohms|Ohms)$/.test(u)) return 1e6;
  const l = u.toLowerCase();
  if (/^m(ω|\u2126|ohm|ohms)$/.test(l) || l === 'milliohm') return 1e-3;
  if (/^k(ω|\u2126|ohm|ohms)$/.test(l) || l === 'kiloohm') return 1e3;
  return 1;
}

/** Splits `Z' (Ohm)`, `Zre/ohm`, `Freq [kHz]` into name and unit. */
function nameAndUnit(header: string): { name: string; unit: string } {
  const h = header.trim();
  const paren = /^(.*?)\s*[([]\s*([^()[\]]*)\s*[)\]]\s*$/.exec(h);
  if (paren?.[1] && !/\(z\)$/i.test(h)) return { name: paren[1], unit: paren[2] ?? '' };
  const slash = /^(.*?)\s*\/\s*([^/]+)$/.exec(h);
  if (slash?.[1]) return { name: slash[1], unit: slash[2] ?? '' };
  return { name: h, unit: '' };
}

/** Finds the role of each column from the header names. Returns -1 for roles not found. */
export function classifyColumns(headers: string[]): ColumnRoles {
  const roles: ColumnRoles = {
    frequency: -1,
    real: -1,
    imag: -1,
    modulus: -1,
    phase: -1,
    time: -1,
    potential: -1,
    current: -1,
    imagNegated: false,
    phaseNegated: false,
    frequencyScale: 1,
    impedanceScale: 1,
    phaseInRadians: false,
    currentScale: 1,
  };
  headers.forEach((header, i) => {
    const { name, unit } = nameAndUnit(header);
    const n = norm(name);
    const negated = n.startsWith('-');
    const bare = negated ? n.slice(1) : n;
    if (roles.frequency < 0 && /^(freq|frequency|f|fhz|freq\(hz\))/.test(bare)) {
      roles.frequency = i;
      roles.frequencyScale = frequencyScale(unit);
      return;
    }
    const isImag = /^(z''|z"|zim|zimag|zimg|im\(z\)|imz|imag|z_imag|zi$|z2$|-?im$|zimaginary|imaginary|z''\(b\)|z"\(b\))/.test(bare) || /^z''|^z"/.test(bare);
    if (roles.imag < 0 && isImag) {
      roles.imag = i;
      roles.imagNegated = negated;
      if (unit) roles.impedanceScale = impedanceScale(unit);
      return;
    }
    const isReal = /^(z'|zre|zreal|re\(z\)|rez|real|z_real|zr$|z1$|zreal)/.test(bare) && !/^z''|^z"/.test(bare);
    if (roles.real < 0 && isReal) {
      roles.real = i;
      if (unit) roles.impedanceScale = impedanceScale(unit);
      return;
    }
    if (roles.modulus < 0 && /^(\|z\||zmod|mod\(z\)|modz|z$|magnitude|impedance$|abs\(z\))/.test(bare)) {
      roles.modulus = i;
      if (unit) roles.impedanceScale = impedanceScale(unit);
      return;
    }
    if (roles.phase < 0 && /^(phase|phz|zphz|theta|phi|phase\(z\))/.test(bare)) {
      roles.phase = i;
      roles.phaseNegated = negated;
      roles.phaseInRadians = /^rad/i.test(unit.trim());
      return;
    }
    if (roles.time < 0 && /^(time|t$|elapsedtime)/.test(bare)) roles.time = i;
    else if (roles.potential < 0 && /^(potential|ewe|e$|<ewe>|vdc|edc|e\(v\))/.test(bare)) roles.potential = i;
    else if (roles.current < 0 && /^(current|i$|<i>|idc|i\(a\))/.test(bare)) {
      roles.current = i;
      const u = unit.trim();
      roles.currentScale = u === 'mA' ? 1e-3 : u === 'µA' || u === 'uA' ? 1e-6 : u === 'nA' ? 1e-9 : 1;
    }
  });
  return roles;
}

/**
 * Decides whether a column of imaginary parts holds −Z″ when the header does not say: impedance
 * spectra of electrochemical systems are capacitive (Z″ < 0) at most frequencies, so a column that
 * is positive at most points is taken to be −Z″.
 */
export function looksNegated(imag: ArrayLike<number>): boolean {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < imag.length; i++) {
    const v = imag[i] as number;
    if (v > 0) pos++;
    else if (v < 0) neg++;
  }
  return pos > neg;
}

export interface TableToSpectrumOptions {
  /** When the names do not say, decide the sign of the imaginary column from the data. */
  guessImagSign?: boolean;
  ctx?: ReadContext;
}

/** Builds a spectrum from column-major values with the roles found by {@link classifyColumns}. */
export function tableToSpectrum(
  columns: ArrayLike<number>[],
  roles: ColumnRoles,
  file: string,
  options: TableToSpectrumOptions = {},
): { spectrum: SpectrumArrays; imagSignFlipped: boolean } {
  if (roles.frequency < 0) throw parseError(file, 'no frequency column found', { field: 'header', expected: 'a column named Freq, Frequency or f (Hz)' });
  const polar = roles.real < 0 || roles.imag < 0;
  if (polar && (roles.modulus < 0 || roles.phase < 0)) {
    throw parseError(file, 'no impedance columns found', { field: 'header', expected: "Z' and Z'' (Zre/Zim, Re(Z)/Im(Z)) or |Z| and phase" });
  }
  const n = (columns[roles.frequency] as ArrayLike<number>).length;
  const frequency = new Float64Array(n);
  const Zreal = new Float64Array(n);
  const Zimag = new Float64Array(n);
  const fcol = columns[roles.frequency] as ArrayLike<number>;
  let flipped = false;
  if (polar) {
    const mod = columns[roles.modulus] as ArrayLike<number>;
    const ph = columns[roles.phase] as ArrayLike<number>;
    const phaseFactor = (roles.phaseInRadians ? 1 : Math.PI / 180) * (roles.phaseNegated ? -1 : 1);
    for (let i = 0; i < n; i++) {
      frequency[i] = (fcol[i] as number) * roles.frequencyScale;
      const m = (mod[i] as number) * roles.impedanceScale;
      const p = (ph[i] as number) * phaseFactor;
      Zreal[i] = m * Math.cos(p);
      Zimag[i] = m * Math.sin(p);
    }
  } else {
    const re = columns[roles.real] as ArrayLike<number>;
    const im = columns[roles.imag] as ArrayLike<number>;
    let sign = roles.imagNegated ? -1 : 1;
    if (!roles.imagNegated && options.guessImagSign && looksNegated(im)) {
      sign = -1;
      flipped = true;
    }
    for (let i = 0; i < n; i++) {
      frequency[i] = (fcol[i] as number) * roles.frequencyScale;
      Zreal[i] = (re[i] as number) * roles.impedanceScale;
      Zimag[i] = sign * (im[i] as number) * roles.impedanceScale;
    }
  }
  const spectrum: SpectrumArrays = { frequency, Zreal, Zimag };
  const extra = (k: number, scale = 1) => Float64Array.from(columns[k] as ArrayLike<number>, (v) => v * scale);
  if (roles.time >= 0) spectrum.time = extra(roles.time);
  if (roles.potential >= 0) spectrum.Ewe = extra(roles.potential);
  if (roles.current >= 0) spectrum.I = extra(roles.current, roles.currentScale);
  if (flipped) options.ctx?.logger.info(`${file}: the imaginary column is positive at most points; read as −Z″`);
  return { spectrum: cleanSpectrum(spectrum, options.ctx, file), imagSignFlipped: flipped };
}
