/** Compressed sparse row matrices. */

/** A sparse matrix in CSR form: row i holds colIdx/values[rowPtr[i] .. rowPtr[i+1]). */
export class CsrMatrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly rowPtr: Int32Array,
    readonly colIdx: Int32Array,
    readonly values: Float64Array,
  ) {
    if (rowPtr.length !== rows + 1) throw new RangeError(`CsrMatrix: rowPtr must have rows + 1 = ${rows + 1} entries, got ${rowPtr.length}`);
    const nnz = rowPtr[rows];
    if (colIdx.length < nnz || values.length < nnz)
      throw new RangeError(`CsrMatrix: rowPtr[rows] = ${nnz} but colIdx/values hold ${colIdx.length}/${values.length}`);
    for (let i = 0; i < rows; i++) {
      if (rowPtr[i + 1] < rowPtr[i]) throw new RangeError(`CsrMatrix: rowPtr must be non-decreasing (row ${i})`);
    }
    for (let k = 0; k < nnz; k++) {
      if (colIdx[k] < 0 || colIdx[k] >= cols) throw new RangeError(`CsrMatrix: colIdx[${k}] = ${colIdx[k]} outside [0, ${cols})`);
    }
  }

  /** number of stored entries */
  get nnz(): number {
    return this.rowPtr[this.rows];
  }

  /**
   * Build from coordinate triplets (duplicates are summed).
   */
  static fromTriplets(rows: number, cols: number, rowIndex: ArrayLike<number>, colIndex: ArrayLike<number>, value: ArrayLike<number>): CsrMatrix {
    const count = rowIndex.length;
    if (colIndex.length !== count || value.length !== count)
      throw new RangeError('CsrMatrix.fromTriplets: row, col and value arrays must have the same length');
    const rowCount = new Int32Array(rows + 1);
    for (let k = 0; k < count; k++) {
      const r = rowIndex[k];
      if (!Number.isInteger(r) || r < 0 || r >= rows) throw new RangeError(`CsrMatrix.fromTriplets: row index ${r} at ${k} outside [0, ${rows})`);
      rowCount[r + 1]++;
    }
    for (let i = 0; i < rows; i++) rowCount[i + 1] += rowCount[i];
    const fill = rowCount.slice(0, rows);
    const cIdx = new Int32Array(count);
    const vals = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const pos = fill[rowIndex[k]]++;
      cIdx[pos] = colIndex[k];
      vals[pos] = value[k];
    }
    // sort each row by column and merge duplicates
    const rowPtr = new Int32Array(rows + 1);
    let out = 0;
    for (let i = 0; i < rows; i++) {
      const start = rowCount[i];
      const end = rowCount[i + 1];
      const order = Array.from({ length: end - start }, (_, t) => start + t).sort((a, b) => cIdx[a] - cIdx[b]);
      const rowCols: number[] = [];
      const rowVals: number[] = [];
      for (const k of order) {
        if (rowCols.length > 0 && rowCols[rowCols.length - 1] === cIdx[k]) rowVals[rowVals.length - 1] += vals[k];
        else {
          rowCols.push(cIdx[k]);
          rowVals.push(vals[k]);
        }
      }
      for (let t = 0; t < rowCols.length; t++) {
        cIdx[out] = rowCols[t];
        vals[out] = rowVals[t];
        out++;
      }
      rowPtr[i + 1] = out;
    }
    return new CsrMatrix(rows, cols, rowPtr, cIdx.slice(0, out), vals.slice(0, out));
  }

  /** out = A·x (out length rows); allocation-free. */
  multiply(x: Float64Array, out: Float64Array): void {
    const { rows, rowPtr, colIdx, values } = this;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      const end = rowPtr[i + 1];
      for (let k = rowPtr[i]; k < end; k++) s += values[k] * x[colIdx[k]];
      out[i] = s;
    }
  }

  /** out = Aᵀ·x (out length cols); allocation-free. */
  multiplyTranspose(x: Float64Array, out: Float64Array): void {
    const { rows, rowPtr, colIdx, values } = this;
    out.fill(0, 0, this.cols);
    for (let i = 0; i < rows; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const end = rowPtr[i + 1];
      for (let k = rowPtr[i]; k < end; k++) out[colIdx[k]] += values[k] * xi;
    }
  }

  /** The main diagonal (length min(rows, cols)). */
  diagonal(): Float64Array {
    const n = Math.min(this.rows, this.cols);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let k = this.rowPtr[i]; k < this.rowPtr[i + 1]; k++) {
        if (this.colIdx[k] === i) d[i] += this.values[k];
      }
    }
    return d;
  }

  /** A bound `(x, out) => void` operator for {@link pcg}. */
  operator(): (x: Float64Array, out: Float64Array) => void {
    return (x, out) => this.multiply(x, out);
  }
}
