export { interpLinear, CubicSpline, pchip, pchipSlopes, resample, findInterval } from './interpolate';
export type { ResampleMethod, SplineBoundary } from './interpolate';
export { trapezoid, cumulativeTrapezoid } from './integrate';
export { savitzkyGolay, savitzkyGolayCoefficients } from './savgol';
export type { SavitzkyGolayOptions } from './savgol';
export { arpls, asls, snip, chebyshevBaseline } from './baseline';
export { solvePentadiagonal, secondDifferenceGram } from './banded';
export {
  gaussian,
  lorentzian,
  pseudoVoigt,
  pearsonVII,
  splitPseudoVoigt,
  evaluatePeak,
  peakArea,
  peakFwhm,
  peakHeight,
  areaFromHeight,
  PEAK_PARAMETERS,
} from './peak-shapes';
export type { PeakShape } from './peak-shapes';
export { findPeaks, localMaxima, peakProminence, peakWidth } from './find-peaks';
export type { Bound, FindPeaksOptions, Peak } from './find-peaks';
