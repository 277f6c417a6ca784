/**
 * Free coordinate directions of a site on a special position. The site-symmetry group of r is the
 * set of operators (R, t) with R·r + t ≡ r (mod 1); a displacement δ keeps the site on that
 * position only if (R − I)·δ = 0 for all of them, so the allowed displacements are the null space
 * of the stacked (R − I) (International Tables Vol. A, "site symmetry"). Writing r = r₀ + N·u with
 * N a basis of that null space keeps x = y = z, (x, 2x, z), fixed 1/4 etc. exactly, whatever the
 * setting; a general position gets N = I.
 */
import { samePosition, type SymOp } from '../structure/symmetry';

/** Returns the basis N (3 × k row-major, k = 0…3 free directions) for a site at (x, y, z). */
export function freeCoordinateBasis(symops: SymOp[], x: number, y: number, z: number, tol = 1e-3): { basis: Float64Array; free: number } {
  const rows: number[][] = [];
  const image = new Float64Array(3);
  for (const op of symops) {
    const r = op.rotation;
    const t = op.translation;
    for (let i = 0; i < 3; i++) image[i] = (r[3 * i] as number) * x + (r[3 * i + 1] as number) * y + (r[3 * i + 2] as number) * z + (t[i] as number);
    if (!samePosition(image, [x, y, z], tol)) continue;
    for (let i = 0; i < 3; i++)
      rows.push([(r[3 * i] as number) - (i === 0 ? 1 : 0), (r[3 * i + 1] as number) - (i === 1 ? 1 : 0), (r[3 * i + 2] as number) - (i === 2 ? 1 : 0)]);
  }
  return nullSpace3(rows);
}

/** Null space of a k × 3 matrix by Gauss–Jordan elimination with partial pivoting. */
export function nullSpace3(rows: number[][], tol = 1e-9): { basis: Float64Array; free: number } {
  const a = rows.map((r) => [...r]);
  const pivotCols: number[] = [];
  let row = 0;
  for (let col = 0; col < 3 && row < a.length; col++) {
    let best = row;
    for (let i = row + 1; i < a.length; i++) if (Math.abs((a[i] as number[])[col] as number) > Math.abs((a[best] as number[])[col] as number)) best = i;
    if (Math.abs((a[best] as number[])[col] as number) < tol) continue;
    [a[row], a[best]] = [a[best] as number[], a[row] as number[]];
    const pr = a[row] as number[];
    const pv = pr[col] as number;
    for (let j = 0; j < 3; j++) pr[j] = (pr[j] as number) / pv;
    for (let i = 0; i < a.length; i++) {
      if (i === row) continue;
      const ri = a[i] as number[];
      const f = ri[col] as number;
      if (f !== 0) for (let j = 0; j < 3; j++) ri[j] = (ri[j] as number) - f * (pr[j] as number);
    }
    pivotCols.push(col);
    row++;
  }
  const freeCols = [0, 1, 2].filter((c) => !pivotCols.includes(c));
  const k = freeCols.length;
  const basis = new Float64Array(3 * k);
  freeCols.forEach((fc, j) => {
    basis[fc * k + j] = 1;
    pivotCols.forEach((pc, r) => {
      basis[pc * k + j] = -((a[r] as number[])[fc] as number);
    });
  });
  return { basis, free: k };
}
