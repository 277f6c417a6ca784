/**
 * Newton refinement of a least-squares minimum. Levenberg–Marquardt is a Gauss–Newton method: on
 * problems whose residual does not vanish at the solution (every real spectrum), it converges only
 * linearly, and along a flat valley (a Warburg element's Z₀–τ trade-off) it creeps, taking 50–100
 * iterations for the last digits. Newton's method with the full Hessian of χ² (JᵀWJ plus the
 * residual-curvature term, here from differences of the analytic gradient 2JᵀWr) converges
 * quadratically from where Levenberg–Marquardt has got close (Dennis & Schnabel, "Numerical
 * Methods for Unconstrained Optimization", SIAM 1996, ch. 10: the large-residual case).
 * Steps that would leave the bounds, do not lower χ², or meet a Hessian that is not positive
 * definite end the refinement, keeping the best point found.
 */
import { choleskyInPlace, choleskySolveInPlace, type LeastSquaresProblem } from '@ionscope/numerics';

export interface NewtonRefineResult {
  params: Float64Array;
  chiSquare: number;
  steps: number;
  converged: boolean;
}

export function newtonRefine(
  problem: LeastSquaresProblem & { residualsAndJacobian?(p: Float64Array, r: Float64Array, J: Float64Array): void },
  start: ArrayLike<number>,
  options: { weights?: ArrayLike<number>; lower: ArrayLike<number>; upper: ArrayLike<number>; fixed: ArrayLike<boolean>; maxSteps?: number; xtol?: number },
): NewtonRefineResult {
  const jacobian = problem.jacobian;
  const n = start.length;
  const m = problem.m;
  const p = Float64Array.from(start);
  // Parameters held: the fixed ones, and those a Newton step pushed onto a bound (active constraints).
  const held = Array.from({ length: n }, (_, j) => Boolean(options.fixed[j]));
  let free: number[] = [];
  let nf = 0;
  const updateFree = () => {
    free = [];
    for (let j = 0; j < n; j++) if (!held[j]) free.push(j);
    nf = free.length;
  };
  updateFree();
  const r = new Float64Array(m);
  const J = new Float64Array(m * n);
  const w = options.weights;
  const chi2 = (q: Float64Array): number => {
    problem.residuals(q, r);
    let s = 0;
    for (let i = 0; i < m; i++) {
      const v = (r[i] as number) * (w ? (w[i] as number) : 1);
      s += v * v;
    }
    return s;
  };
  // Gradient of χ²/2 over the free parameters: Jᵀ W² r.
  const gradient = (q: Float64Array, out: Float64Array): void => {
    if (problem.residualsAndJacobian) problem.residualsAndJacobian(q, r, J);
    else {
      problem.residuals(q, r);
      jacobian!(q, J);
    }
    for (let a = 0; a < nf; a++) {
      const j = free[a] as number;
      let s = 0;
      for (let i = 0; i < m; i++) {
        const wi = w ? (w[i] as number) : 1;
        s += (J[i * n + j] as number) * (r[i] as number) * wi * wi;
      }
      out[a] = s;
    }
  };
  let best = chi2(p);
  if (!jacobian || nf === 0) return { params: p, chiSquare: best, steps: 0, converged: false };
  const g = new Float64Array(nf);
  const g2 = new Float64Array(nf);
  const H = new Float64Array(nf * nf);
  const step = new Float64Array(nf);
  const trial = new Float64Array(n);
  const maxSteps = options.maxSteps ?? 8;
  const xtol = options.xtol ?? 1e-10;
  let steps = 0;
  let converged = false;
  let fresh = false;
  let haveFactor = false;
  for (; steps < maxSteps; steps++) {
    gradient(p, g);
    if (!haveFactor) {
      for (let b = 0; b < nf; b++) {
        const j = free[b] as number;
        const v = p[j] as number;
        const h = 1e-7 * Math.max(Math.abs(v), 1e-300);
        p[j] = v + h;
        gradient(p, g2);
        p[j] = v;
        for (let a = 0; a < nf; a++) H[a * nf + b] = ((g2[a] as number) - (g[a] as number)) / h;
      }
      for (let a = 0; a < nf; a++) {
        for (let b = a + 1; b < nf; b++) {
          const v = 0.5 * ((H[a * nf + b] as number) + (H[b * nf + a] as number));
          H[a * nf + b] = v;
          H[b * nf + a] = v;
        }
      }
      if (choleskyInPlace(H, nf) > 0) break; // not positive definite: keep the LM result
      haveFactor = true;
      fresh = true;
    }
    for (let a = 0; a < nf; a++) step[a] = -(g[a] as number);
    choleskySolveInPlace(H, nf, step);
    // Parameters sitting on a bound whose step points outward are held there (active constraints).
    let held0 = false;
    for (let a = 0; a < nf; a++) {
      const j = free[a] as number;
      const v = p[j] as number;
      const d = step[a] as number;
      const atLower = v <= (options.lower[j] as number) && d < 0;
      const atUpper = v >= (options.upper[j] as number) && d > 0;
      if (atLower || atUpper) {
        held[j] = true;
        held0 = true;
      }
    }
    if (held0) {
      updateFree();
      haveFactor = false;
      if (nf === 0) break;
      continue;
    }
    // Otherwise shorten the step until it stays inside the box.
    let scale = 1;
    for (let a = 0; a < nf; a++) {
      const j = free[a] as number;
      const v = p[j] as number;
      const d = step[a] as number;
      if (v + d < (options.lower[j] as number)) scale = Math.min(scale, (0.99 * ((options.lower[j] as number) - v)) / d);
      if (v + d > (options.upper[j] as number)) scale = Math.min(scale, (0.99 * ((options.upper[j] as number) - v)) / d);
    }
    let small = true;
    trial.set(p);
    for (let a = 0; a < nf; a++) {
      const j = free[a] as number;
      const d = scale * (step[a] as number);
      trial[j] = (p[j] as number) + d;
      if (Math.abs(d) > xtol * Math.max(Math.abs(p[j] as number), 1e-300)) small = false;
    }
    const c = chi2(trial);
    if (!(c <= best)) {
      // At the minimum, round-off makes χ² flat: a tiny step that does not lower it means done.
      if (small || Math.abs(c - best) <= 1e-14 * best) {
        converged = true;
        break;
      }
      if (fresh) break;
      haveFactor = false;
      continue;
    }
    p.set(trial);
    best = c;
    fresh = false;
    // A fresh Hessian at every accepted point keeps the convergence quadratic; reusing it (chord
    // Newton) was measured to need more steps than it saves on Warburg valleys.
    haveFactor = false;
    if (small) {
      converged = true;
      steps++;
      break;
    }
  }
  return { params: p, chiSquare: best, steps, converged };
}
