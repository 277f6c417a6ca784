/**
 * True when two typed arrays share memory. Identity (`a === b`) misses views: FFT2D passes
 * `subarray` rows of the same buffer as input and output, which must be treated as in place.
 */
export function overlaps(a: Float64Array, b: Float64Array): boolean {
  if (a.buffer !== b.buffer) return false;
  const aEnd = a.byteOffset + a.byteLength;
  const bEnd = b.byteOffset + b.byteLength;
  return a.byteOffset < bEnd && b.byteOffset < aEnd;
}
