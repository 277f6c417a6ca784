/**
 * Symmetry operators in the Jones-faithful form of CIF (`-x+1/2, y, z+1/2`): a rotation matrix
 * R (integers) and a translation t, acting on fractional coordinates as r' = R·r + t.
 */
export interface SymOp {
  /** Row-major 3×3. */
  rotation: Int8Array;
  translation: Float64Array;
  text: string;
}

/** Parses one `x, y, z` style operator; throws a RangeError with the reason. */
export function parseSymOp(text: string): SymOp {
  const parts = text.replace(/\s+/g, '').toLowerCase().split(',');
  if (parts.length !== 3) throw new RangeError(`"${text}" does not have three comma-separated parts`);
  const rotation = new Int8Array(9);
  const translation = new Float64Array(3);
  parts.forEach((part, row) => {
    const re = /([+-]?)(\d*\.?\d*(?:\/\d+)?)(\*?)([xyz]?)/g;
    let consumed = 0;
    for (let m = re.exec(part); m && m[0] !== ''; m = re.exec(part)) {
      consumed += m[0].length;
      const sign = m[1] === '-' ? -1 : 1;
      const axis = m[4];
      const numText = m[2] ?? '';
      let value = 1;
      if (numText) {
        const [num, den] = numText.split('/');
        value = Number(num) / (den ? Number(den) : 1);
        if (!Number.isFinite(value)) throw new RangeError(`bad number "${numText}" in "${text}"`);
      }
      if (axis) rotation[row * 3 + 'xyz'.indexOf(axis)] += sign * (numText ? value : 1);
      else translation[row] = (translation[row] as number) + sign * value;
    }
    if (consumed !== part.length) throw new RangeError(`cannot read "${part}" in "${text}"`);
  });
  return { rotation, translation, text };
}

/** Applies an operator to fractional coordinates and wraps into [0, 1). */
export function applySymOp(op: SymOp, x: number, y: number, z: number, out: Float64Array): void {
  const r = op.rotation;
  const t = op.translation;
  for (let i = 0; i < 3; i++) {
    let v = (r[3 * i] as number) * x + (r[3 * i + 1] as number) * y + (r[3 * i + 2] as number) * z + (t[i] as number);
    v -= Math.floor(v);
    if (v > 1 - 1e-9) v = 0;
    out[i] = v;
  }
}

/** Periodic distance check in fractional coordinates (same site within `tol`). */
export function samePosition(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-3): boolean {
  for (let i = 0; i < 3; i++) {
    let d = Math.abs((a[i] as number) - (b[i] as number));
    d = Math.min(d, 1 - d);
    if (d > tol) return false;
  }
  return true;
}
