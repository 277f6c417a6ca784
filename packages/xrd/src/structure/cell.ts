/**
 * Unit-cell geometry: the metric tensor G (Gᵢⱼ = aᵢ·aⱼ), its inverse the reciprocal metric G*, the
 * volume, and d-spacings 1/d² = hᵀ·G*·h (Giacovazzo et al., Fundamentals of Crystallography, ch. 2).
 */
export interface Cell {
  a: number;
  b: number;
  c: number;
  /** Angles in degrees. */
  alpha: number;
  beta: number;
  gamma: number;
}

const DEG = Math.PI / 180;

/** Row-major 3×3 metric tensor of the direct lattice. */
export function metricTensor(cell: Cell): Float64Array {
  const { a, b, c } = cell;
  const ca = Math.cos(cell.alpha * DEG);
  const cb = Math.cos(cell.beta * DEG);
  const cg = Math.cos(cell.gamma * DEG);
  return Float64Array.of(a * a, a * b * cg, a * c * cb, a * b * cg, b * b, b * c * ca, a * c * cb, b * c * ca, c * c);
}

export function invert3(m: Float64Array): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = m as unknown as number[];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 1e-300)) throw new RangeError('singular 3×3 matrix');
  return Float64Array.of(
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  );
}

/** Reciprocal metric tensor G* = G⁻¹ (in Å⁻², crystallographic convention without 2π). */
export function reciprocalMetric(cell: Cell): Float64Array {
  return invert3(metricTensor(cell));
}

export function cellVolume(cell: Cell): number {
  const ca = Math.cos(cell.alpha * DEG);
  const cb = Math.cos(cell.beta * DEG);
  const cg = Math.cos(cell.gamma * DEG);
  return cell.a * cell.b * cell.c * Math.sqrt(Math.max(0, 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg));
}

/** 1/d² for (h, k, l) with a reciprocal metric. */
export function invDSquared(gs: Float64Array, h: number, k: number, l: number): number {
  return (
    (gs[0] as number) * h * h +
    (gs[4] as number) * k * k +
    (gs[8] as number) * l * l +
    2 * ((gs[1] as number) * h * k + (gs[2] as number) * h * l + (gs[5] as number) * k * l)
  );
}

export function dSpacing(cell: Cell, h: number, k: number, l: number): number {
  return 1 / Math.sqrt(invDSquared(reciprocalMetric(cell), h, k, l));
}

/** pymatgen's Lattice.is_hexagonal test: two right angles, one 60°/120°, equal lengths beside it. */
export function isHexagonalCell(cell: Cell, angleTol = 5, lengthTol = 0.01): boolean {
  const lengths = [cell.a, cell.b, cell.c];
  const angles = [cell.alpha, cell.beta, cell.gamma];
  const right = [0, 1, 2].filter((i) => Math.abs((angles[i] as number) - 90) < angleTol);
  const hex = [0, 1, 2].filter((i) => Math.abs((angles[i] as number) - 60) < angleTol || Math.abs((angles[i] as number) - 120) < angleTol);
  return right.length === 2 && hex.length === 1 && Math.abs((lengths[right[0] as number] as number) - (lengths[right[1] as number] as number)) < lengthTol;
}
