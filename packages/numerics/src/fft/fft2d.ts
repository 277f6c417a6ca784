/**
 * 2-D complex FFT of a row-major rows×cols array (NumPy `fft2`/`ifft2` convention: forward unscaled,
 * inverse scaled by 1/(rows·cols)). Rows are transformed in place, then columns through a gathered
 * buffer.
 */
import { FFT } from './fft';

/** A reusable 2-D FFT plan. */
export class FFT2D {
  readonly rows: number;
  readonly cols: number;
  private readonly rowPlan: FFT;
  private readonly colPlan: FFT;
  private readonly colRe: Float64Array;
  private readonly colIm: Float64Array;
  private readonly colOutRe: Float64Array;
  private readonly colOutIm: Float64Array;

  constructor(rows: number, cols: number) {
    if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
      throw new RangeError(`FFT2D: rows and cols must be positive integers, got ${rows}×${cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.rowPlan = new FFT(cols);
    this.colPlan = rows === cols ? this.rowPlan : new FFT(rows);
    this.colRe = new Float64Array(rows);
    this.colIm = new Float64Array(rows);
    this.colOutRe = new Float64Array(rows);
    this.colOutIm = new Float64Array(rows);
  }

  /**
   * Transform re/im (length rows·cols, row-major) into outRe/outIm (may be the same arrays).
   * @param inverse true for the inverse transform with the 1/(rows·cols) scaling
   */
  transform(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array, inverse = false): void {
    const { rows, cols } = this;
    const size = rows * cols;
    if (re.length < size || im.length < size || outRe.length < size || outIm.length < size) {
      throw new RangeError(`FFT2D ${rows}×${cols}: arrays must hold ${size} values`);
    }
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const sRe = re.subarray(o, o + cols);
      const sIm = im.subarray(o, o + cols);
      const dRe = outRe.subarray(o, o + cols);
      const dIm = outIm.subarray(o, o + cols);
      if (inverse) this.rowPlan.inverseUnscaled(sRe, sIm, dRe, dIm);
      else this.rowPlan.forward(sRe, sIm, dRe, dIm);
    }
    const { colRe, colIm, colOutRe, colOutIm } = this;
    const scale = inverse ? 1 / (rows * cols) : 1;
    for (let c = 0; c < cols; c++) {
      for (let r = 0; r < rows; r++) {
        colRe[r] = outRe[r * cols + c];
        colIm[r] = outIm[r * cols + c];
      }
      if (inverse) this.colPlan.inverseUnscaled(colRe, colIm, colOutRe, colOutIm);
      else this.colPlan.forward(colRe, colIm, colOutRe, colOutIm);
      for (let r = 0; r < rows; r++) {
        outRe[r * cols + c] = colOutRe[r] * scale;
        outIm[r * cols + c] = colOutIm[r] * scale;
      }
    }
  }
}

/**
 * 2-D FFT of a row-major rows×cols complex array (allocates the output).
 * @param inverse false: X_{k,l} = Σ x_{r,c} e^{−2πi(kr/rows + lc/cols)}; true: the inverse with 1/(rows·cols)
 */
export function fft2d(
  re: ArrayLike<number>,
  im: ArrayLike<number> | undefined,
  rows: number,
  cols: number,
  inverse = false,
): { re: Float64Array; im: Float64Array } {
  const size = rows * cols;
  if (re.length !== size || (im !== undefined && im.length !== size)) {
    throw new RangeError(`fft2d: expected ${rows}×${cols} = ${size} values, got re ${re.length}, im ${im?.length ?? 'none'}`);
  }
  const outRe = Float64Array.from(re);
  const outIm = im === undefined ? new Float64Array(size) : Float64Array.from(im);
  if (size === 0) return { re: outRe, im: outIm };
  new FFT2D(rows, cols).transform(outRe, outIm, outRe, outIm, inverse);
  return { re: outRe, im: outIm };
}
