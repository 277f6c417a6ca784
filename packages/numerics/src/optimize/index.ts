export { levenbergMarquardt } from './levenberg-marquardt';
export { complexResidualProblem } from './complex';
export type { ComplexResidualSpec } from './complex';
export type { FitResult, LeastSquaresProblem, LMOptions } from './types';
