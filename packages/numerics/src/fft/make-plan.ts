import { BluesteinFFT } from './bluestein';
import { isSmooth, MixedRadixFFT } from './mixed-radix';
import type { ComplexTransform } from './plan';

/** Largest prime factor handled directly by the mixed-radix kernel; beyond it Bluestein is faster. */
export const MAX_DIRECT_PRIME = 13;

/** The fastest forward transform for length n: mixed radix when n is 13-smooth, else Bluestein. */
export function makeComplexTransform(n: number): ComplexTransform {
  return isSmooth(n, MAX_DIRECT_PRIME) ? new MixedRadixFFT(n) : new BluesteinFFT(n);
}
