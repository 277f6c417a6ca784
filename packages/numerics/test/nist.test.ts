/**
 * NIST StRD nonlinear regression: all 27 problems from both certified starting points, with the
 * analytic Jacobian and with central finite differences. Checks the certified parameters (log
 * relative error LRE ≥ 6, i.e. ≥ 6 significant digits), the certified residual sum of squares and
 * the certified standard deviations.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { levenbergMarquardt } from '../src/index';
import { loadNistProblems, NIST_DIR, nistLeastSquares } from './nist/problem';

const hasData = existsSync(NIST_DIR);
if (!hasData) console.warn(`[skip] NIST StRD data not found at ${NIST_DIR.pathname}`);

/** log relative error: number of correct significant digits */
function lre(value: number, certified: number): number {
  const rel = Math.abs(value - certified) / Math.abs(certified);
  return rel === 0 ? 16 : Math.min(16, -Math.log10(rel));
}

const rows: string[] = [];

describe.skipIf(!hasData)('NIST StRD nonlinear regression (both starts, no multi-start)', () => {
  const problems = hasData ? loadNistProblems() : [];
  it('finds all 27 problems', () => {
    expect(problems.length).toBe(27);
  });
  for (const p of problems) {
    for (const numeric of [false, true]) {
      for (const [index, start] of [p.start1, p.start2].entries()) {
        const label = `${p.name} start ${index + 1} ${numeric ? 'finite differences' : 'analytic J'}`;
        it(label, () => {
          const fit = levenbergMarquardt(nistLeastSquares(p, numeric), { initial: start });
          expect(fit.converged, fit.reason).toBe(true);
          const paramLre = Math.min(...p.certified.map((c, k) => lre(fit.params[k], c)));
          // Lanczos1 data are exact to ~13 digits: its RSS (1.4e-25) and SDs are rounding noise
          const tiny = p.certifiedRss < 1e-20;
          const rssLre = lre(fit.chiSquare, p.certifiedRss);
          const sdLre = Math.min(...p.certifiedSd.map((c, k) => lre(fit.stderr[k], c)));
          rows.push(
            `${p.name.padEnd(9)} ${String(index + 1)} ${numeric ? 'FD ' : 'J  '} ${paramLre.toFixed(1).padStart(5)} ${rssLre.toFixed(1).padStart(5)} ${sdLre.toFixed(1).padStart(5)} ${String(fit.iterations).padStart(4)} ${String(fit.evaluations).padStart(5)}`,
          );
          expect(paramLre).toBeGreaterThanOrEqual(numeric ? 6 : 7);
          if (tiny) {
            expect(Math.abs(fit.chiSquare - p.certifiedRss)).toBeLessThan(1e-24);
            expect(sdLre).toBeGreaterThanOrEqual(2.5);
          } else {
            expect(rssLre).toBeGreaterThanOrEqual(9);
            expect(sdLre).toBeGreaterThanOrEqual(numeric ? 5 : 6);
          }
          expect(fit.dof).toBe(p.y.length - p.certified.length);
        });
      }
    }
  }
  afterAll(() => {
    if (rows.length > 0) console.log(`problem start jac  LRE(b) LRE(RSS) LRE(sd) iter evals\n${rows.join('\n')}`);
  });
});
