/** Types of the nonlinear least-squares API (see {@link levenbergMarquardt}). */

/** A nonlinear least-squares problem: minimise Σ_i r_i(p)² over the parameters p. */
export interface LeastSquaresProblem {
  /** number of residuals m */
  m: number;
  /** fill out[0..m) with residuals r_i(p) (already weighted if you weight yourself) */
  residuals(p: Float64Array, out: Float64Array): void;
  /** optional analytic Jacobian: J is row-major m×n, J[i*n+j] = ∂r_i/∂p_j (n = all parameters, fixed included) */
  jacobian?(p: Float64Array, J: Float64Array): void;
}

/** Options of {@link levenbergMarquardt}. */
export interface LMOptions {
  /** starting parameters (length n); fixed parameters stay at these values */
  initial: ArrayLike<number>;
  /** lower bounds (−Infinity allowed); the start is clamped into the box */
  lower?: ArrayLike<number>;
  /** upper bounds (+Infinity allowed) */
  upper?: ArrayLike<number>;
  /** true: parameter held at its initial value */
  fixed?: ArrayLike<boolean>;
  /** multiplies residual i (use σ_i^{-1}); the χ² is Σ (w_i r_i)² */
  weights?: ArrayLike<number>;
  /** maximum number of Jacobian evaluations (outer iterations); default 1000 */
  maxIterations?: number;
  /** maximum number of residual evaluations (excluding finite-difference ones); default 100·maxIterations */
  maxEvaluations?: number;
  /** stop when the actual and predicted relative reductions of χ² are both ≤ ftol; default 1e-15 */
  ftol?: number;
  /** stop when the trust radius is ≤ xtol·‖D·p‖ (relative step in scaled parameters); default 1e-13 */
  xtol?: number;
  /** stop when the cosine between the residual vector and every Jacobian column is ≤ gtol; default 1e-15 */
  gtol?: number;
  /**
   * relative step for the numeric Jacobian (used when the problem has no `jacobian`): h_j = step·max(|p_j|, typicalScale_j).
   * Default ε^{1/3} ≈ 6.1e-6 for central, √ε ≈ 1.5e-8 for forward differences.
   */
  finiteDifferenceStep?: number;
  /**
   * typical magnitude of each parameter: finite-difference steps never shrink below
   * step·typicalScale even when a parameter passes through zero. Default 1e-3·|initial_j|, or 1 when
   * the initial value is 0.
   */
  typicalScale?: ArrayLike<number>;
  /** 'central' (default, O(h²), 2n evaluations) or 'forward' (O(h), n evaluations) differences */
  finiteDifference?: 'central' | 'forward';
  /**
   * initial trust radius as a multiple of ‖D·p₀‖ (Moré's "factor"); default 1. MINPACK's usual 100
   * takes bolder first steps; on the NIST StRD problems 1 needs fewer iterations overall and never
   * lands on a plateau (BoxBOD start 1 with finite differences does with 100).
   */
  initialStepBound?: number;
  /** random restarts within bounds (or a log-spread around the start) keeping the lowest χ² */
  multiStart?: { starts: number; seed?: number; spread?: number };
  /** abort between iterations; the result then has reason 'aborted' and converged = false */
  signal?: AbortSignal;
  /** sigma known (absolute weights) → covariance not scaled by reduced χ² */
  absoluteSigma?: boolean;
  /** relative singular-value threshold for the covariance pseudo-inverse; default 1e-12 (column-scaled J) */
  rcond?: number;
}

/** The result of a least-squares fit. All arrays are indexed by parameter (n = all parameters). */
export interface FitResult {
  /** best-fit parameters */
  params: Float64Array;
  /** standard errors √diag(C); 0 for fixed parameters, NaN for parameters in the null space */
  stderr: Float64Array;
  /** covariance C (n×n row-major): (JᵀJ)⁺ × reducedChiSquare (or × 1 with absoluteSigma) */
  covariance: Float64Array;
  /** correlation C_ij/√(C_ii C_jj) (n×n row-major; 1 on the diagonal of free parameters) */
  correlation: Float64Array;
  /** χ² = Σ (w_i r_i)² at the solution */
  chiSquare: number;
  /** χ²/dof */
  reducedChiSquare: number;
  /** degrees of freedom m − (number of free parameters) */
  dof: number;
  /** Akaike information criterion m·ln(χ²/m) + 2k (k free parameters; lmfit's convention) */
  aic: number;
  /** Bayesian information criterion m·ln(χ²/m) + k·ln(m) */
  bic: number;
  /** outer iterations (Jacobian evaluations) */
  iterations: number;
  /** residual evaluations, finite-difference ones included */
  evaluations: number;
  /** true when a convergence test (ftol, xtol, gtol or their machine-precision limits) was met */
  converged: boolean;
  /** why the iteration stopped */
  reason: string;
  /** weighted residuals at the solution */
  residuals: Float64Array;
  /**
   * Indices the data cannot determine: they lie in the (near-)null space of the scaled Jacobian,
   * so the covariance is singular or near-singular there (stderr NaN or huge, strong correlation).
   */
  unidentifiable: number[];
  /**
   * Indices whose standard error exceeds |value|: not distinguishable from zero at 1σ. For a
   * positive physical quantity (a resistance, a time constant) that means the fit cannot tell it;
   * for an offset or a slope near zero it is often harmless, so callers decide.
   */
  indeterminate: number[];
  /** 2-norm condition number of the column-scaled Jacobian of the free parameters */
  conditionNumber: number;
  /** indices of parameters that ended on a bound */
  atBound: number[];
  /** multi-start only: χ² reached from each start (the first is the given initial point) */
  starts?: { chiSquare: number; converged: boolean; iterations: number }[];
}
