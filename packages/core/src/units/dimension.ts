/**
 * Physical dimensions as exponent vectors over the SI base quantities, plus plane angle.
 *
 * Angle is kept as its own dimension (the SI treats it as dimensionless) so that degrees convert to
 * radians, and so that Hz (cycles per second) and rad/s are related by 2π instead of being silently
 * equal. Counts and arbitrary units are dimensionless.
 */
export const BASE_DIMENSIONS = ['length', 'mass', 'time', 'current', 'temperature', 'amount', 'luminosity', 'angle'] as const;
export type BaseDimension = (typeof BASE_DIMENSIONS)[number];

/** Exponents in the order of {@link BASE_DIMENSIONS}. */
export type Dimension = readonly number[];

export const DIMENSIONLESS: Dimension = [0, 0, 0, 0, 0, 0, 0, 0];

export function dim(partial: Partial<Record<BaseDimension, number>>): Dimension {
  return BASE_DIMENSIONS.map((name) => partial[name] ?? 0);
}

export function multiplyDimensions(a: Dimension, b: Dimension, power = 1): Dimension {
  return a.map((x, i) => x + power * (b[i] ?? 0));
}

export function powerDimension(a: Dimension, power: number): Dimension {
  return a.map((x) => x * power);
}

export function sameDimension(a: Dimension, b: Dimension): boolean {
  return a.every((x, i) => Math.abs(x - (b[i] ?? 0)) < 1e-12);
}

/** Human-readable dimension, for error messages: `length^-1·time`. */
export function describeDimension(d: Dimension): string {
  const parts = BASE_DIMENSIONS.flatMap((name, i) => {
    const e = d[i] ?? 0;
    if (e === 0) return [];
    return [e === 1 ? name : `${name}^${e}`];
  });
  return parts.length ? parts.join('·') : 'dimensionless';
}
