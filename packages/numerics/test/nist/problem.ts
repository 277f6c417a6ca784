import { readdirSync, readFileSync } from 'node:fs';
import type { LeastSquaresProblem } from '../../src/index';
import { NIST_MODELS } from './models';
import { type NistProblem, parseNist } from './parse';

export const NIST_DIR = new URL('../../../../../shared/data/numerics/nist_strd/', import.meta.url);

/** All NIST problems found in the shared data folder, parsed. */
export function loadNistProblems(): NistProblem[] {
  return readdirSync(NIST_DIR)
    .filter((f) => f.endsWith('.dat'))
    .sort()
    .map((f) => parseNist(f.replace(/\.dat$/, ''), readFileSync(new URL(f, NIST_DIR), 'utf8')));
}

/** The least-squares problem r_i = y_i − f(x_i; b), with the analytic Jacobian unless `numeric`. */
export function nistLeastSquares(p: NistProblem, numeric = false): LeastSquaresProblem {
  const model = NIST_MODELS[p.name];
  if (model === undefined) throw new Error(`no model for ${p.name}`);
  const m = p.y.length;
  const n = p.certified.length;
  const y = model.response ? p.y.map(model.response) : p.y;
  const g = new Float64Array(n);
  const problem: LeastSquaresProblem = {
    m,
    residuals(b, out) {
      for (let i = 0; i < m; i++) out[i] = y[i] - model.eval(b, p.x, i, null);
    },
  };
  if (!numeric) {
    problem.jacobian = (b, J) => {
      for (let i = 0; i < m; i++) {
        model.eval(b, p.x, i, g);
        for (let k = 0; k < n; k++) J[i * n + k] = -g[k];
      }
    };
  }
  return problem;
}
