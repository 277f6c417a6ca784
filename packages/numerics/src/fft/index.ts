export { FFT, fft, ifft, fftPlan } from './fft';
export { RealFFT, rfft, irfft } from './real';
export { FFT2D, fft2d } from './fft2d';
export { fftFrequencies, rfftFrequencies, fftShift, ifftShift, nextPowerOfTwo, zeroPad } from './frequencies';
export { MixedRadixFFT } from './mixed-radix';
export { BluesteinFFT } from './bluestein';
export type { ComplexTransform } from './plan';
