/** A reusable forward complex transform of fixed length on split re/im arrays. */
export interface ComplexTransform {
  /** transform length */
  readonly n: number;
  /**
   * Unnormalised forward DFT X_k = Σ_n x_n e^{−2πi kn/N}. Reads `re[0..n)`, `im[0..n)`, writes
   * `outRe[0..n)`, `outIm[0..n)`. The inverse is obtained by swapping re and im on both sides.
   */
  forward(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void;
}
