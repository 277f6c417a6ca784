/**
 * Characteristic X-ray wavelengths of the usual laboratory anodes, in ångström.
 *
 * Source: J. A. Bearden, "X-ray wavelengths", Rev. Mod. Phys. 39 (1967) 78–124 (Å* scale), the
 * values most diffractometer software writes into its files (Bruker: Cu 1.5406/1.54439/1.39222).
 * The weighted Kα mean is (2·Kα1 + Kα2)/3, e.g. Cu 1.54184 Å (the value pymatgen calls "CuKa").
 * Hölzer et al., Phys. Rev. A 56 (1997) 4554 revised Cu Kα1 to 1.5405929 Å; the difference
 * (3·10⁻⁵ Å) is below what a powder pattern resolves, and files state their own values anyway.
 */
export interface AnodeLines {
  kAlpha1: number;
  kAlpha2: number;
  kBeta: number;
}

export const ANODE_WAVELENGTHS: Readonly<Record<string, AnodeLines>> = {
  Cr: { kAlpha1: 2.2897, kAlpha2: 2.29361, kBeta: 2.08487 },
  Fe: { kAlpha1: 1.93604, kAlpha2: 1.93998, kBeta: 1.75661 },
  Co: { kAlpha1: 1.78897, kAlpha2: 1.79285, kBeta: 1.62079 },
  Cu: { kAlpha1: 1.540562, kAlpha2: 1.54439, kBeta: 1.392218 },
  Mo: { kAlpha1: 0.7093, kAlpha2: 0.71359, kBeta: 0.632288 },
  Ag: { kAlpha1: 0.5594075, kAlpha2: 0.563798, kBeta: 0.497069 },
};

/** Kα2/Kα1 intensity ratio used when a file gives none (the usual 0.5 for a sealed tube). */
export const DEFAULT_KALPHA2_RATIO = 0.5;

/** Weighted mean Kα wavelength (2·Kα1 + Kα2)/3 of an anode, in Å. */
export function kAlphaMean(anode: string): number {
  const lines = anodeLines(anode);
  return (2 * lines.kAlpha1 + lines.kAlpha2) / 3;
}

/** The lines of an anode given as `Cu`, `cu`, `CuKa`... Throws a RangeError for unknown anodes. */
export function anodeLines(anode: string): AnodeLines {
  const key = normalizeAnode(anode);
  const lines = key ? ANODE_WAVELENGTHS[key] : undefined;
  if (!lines) throw new RangeError(`unknown anode "${anode}" (known: ${Object.keys(ANODE_WAVELENGTHS).join(', ')})`);
  return lines;
}

/** `cu`, `CU`, `CuKa1`, `Copper` → `Cu`; undefined when not recognised. */
export function normalizeAnode(anode: string): string | undefined {
  const names: Record<string, string> = { chromium: 'Cr', iron: 'Fe', cobalt: 'Co', copper: 'Cu', molybdenum: 'Mo', silver: 'Ag' };
  const trimmed = anode.trim();
  const byName = names[trimmed.toLowerCase()];
  if (byName) return byName;
  const m = /^([A-Za-z]{1,2})/.exec(trimmed);
  if (!m?.[1]) return undefined;
  const sym = m[1].charAt(0).toUpperCase() + m[1].slice(1, 2).toLowerCase();
  if (sym in ANODE_WAVELENGTHS) return sym;
  const one = sym.charAt(0);
  return one in ANODE_WAVELENGTHS ? one : undefined;
}

/**
 * Wavelength for a named source: an anode (`Cu` → weighted Kα mean), an anode line (`CuKa1`,
 * `MoKa2`, `CoKb`) or a number in Å.
 */
export function wavelengthOf(source: string | number): number {
  if (typeof source === 'number') return source;
  const n = Number(source);
  if (Number.isFinite(n) && n > 0) return n;
  const m = /^\s*([A-Za-z]{1,2})\s*[-_ ]?\s*(K\s*(?:a|α|alpha)\s*([12])?|K\s*(?:b|β|beta))?\s*$/i.exec(source);
  if (!m?.[1]) throw new RangeError(`cannot read a wavelength from "${source}"`);
  const lines = anodeLines(m[1]);
  if (!m[2]) return (2 * lines.kAlpha1 + lines.kAlpha2) / 3;
  if (/b|β|beta/i.test(m[2].slice(1))) return lines.kBeta;
  if (m[3] === '1') return lines.kAlpha1;
  if (m[3] === '2') return lines.kAlpha2;
  return (2 * lines.kAlpha1 + lines.kAlpha2) / 3;
}
