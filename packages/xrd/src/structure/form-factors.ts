import { CROMER_MANN } from './form-factor-table';

const TABLE = new Map<string, readonly number[]>(CROMER_MANN);

/** The atomic number of an element symbol (H = 1 ... Cf = 98), or undefined. */
export function atomicNumber(element: string): number | undefined {
  const i = CROMER_MANN.findIndex(([el]) => el === element);
  return i < 0 ? undefined : i + 1;
}

/**
 * X-ray atomic scattering factor f0 of a neutral atom at s² = (sin θ/λ)² (Å⁻²), from the
 * Cromer–Mann coefficients of International Tables Vol. C Table 6.1.1.4. Anomalous dispersion
 * (f′, f″) is not included, as in pymatgen's XRDCalculator.
 */
export function formFactor(element: string, s2: number): number {
  const c = TABLE.get(element);
  if (!c) throw new RangeError(`no scattering factor for "${element}"`);
  return (
    (c[8] as number) +
    (c[0] as number) * Math.exp(-(c[4] as number) * s2) +
    (c[1] as number) * Math.exp(-(c[5] as number) * s2) +
    (c[2] as number) * Math.exp(-(c[6] as number) * s2) +
    (c[3] as number) * Math.exp(-(c[7] as number) * s2)
  );
}

export function hasFormFactor(element: string): boolean {
  return TABLE.has(element);
}
