/**
 * @packageDocumentation
 * @ionscope/numerics: the shared numerical kernels of ionscope (FFT, nonlinear least squares,
 * linear least squares and NNLS/Tikhonov, sparse PCG, interpolation, smoothing, baselines, peak
 * shapes and peak finding). Isomorphic: typed arrays in and out, no I/O.
 */
export * from './fft/index';
export * from './optimize/index';
export * from './linalg/index';
export * from './signal/index';
export { logGamma, digamma } from './special';
export { ZoomDFT } from './zoom-dft';
export { seededGaussian, seededUniform } from './random';
