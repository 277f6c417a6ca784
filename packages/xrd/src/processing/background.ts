/**
 * Background estimation for powder patterns, on @ionscope/numerics' baselines:
 * - SNIP (statistics-sensitive non-linear iterative peak clipping; Ryan et al., Nucl. Instrum.
 *   Methods B 34 (1988) 396; Morháč et al., NIM A 401 (1997) 113) with the LLS transform, the
 *   clipping window growing to `iterations` points (a few peak widths) so broad humps are kept;
 * - arPLS (Baek et al., Analyst 140 (2015) 250), λ in (points)⁴;
 * - Chebyshev polynomial, refitted to the points below the current curve + 2σ (counting noise)
 *   until the mask settles, so peaks do not pull it up.
 * For data that were already background-subtracted (negative values), the estimate never exceeds
 * the data.
 */
import { arpls, chebyshevBaseline, snip } from '@ionscope/numerics';

export type BackgroundMethod = 'snip' | 'arpls' | 'chebyshev';

export interface BackgroundOptions {
  method?: BackgroundMethod;
  /** SNIP: largest clipping half-width in points (default 40). */
  iterations?: number;
  /** arPLS smoothness λ in (points)⁴ (default 1e5, for ~0.01° steps). */
  lambda?: number;
  /** Chebyshev order (default 6). */
  order?: number;
}

export function snipBackground(y: ArrayLike<number>, iterations = 40): Float64Array {
  const n = y.length;
  const positive = new Float64Array(n);
  for (let i = 0; i < n; i++) positive[i] = Math.max(y[i] as number, 0);
  const out = snip(positive, { iterations: Math.max(1, Math.min(iterations, Math.floor((n - 1) / 2))), lls: true });
  for (let i = 0; i < n; i++) if ((y[i] as number) < (out[i] as number)) out[i] = y[i] as number;
  return out;
}

export function chebyshevBackground(x: Float64Array, y: Float64Array, order = 6, rounds = 20): Float64Array {
  const n = y.length;
  const mask = new Array<boolean>(n).fill(true);
  let fit = chebyshevBaseline(x, y, order, mask);
  for (let r = 0; r < rounds; r++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const keep = (y[i] as number) <= (fit[i] as number) + 2 * Math.sqrt(Math.max(fit[i] as number, 1));
      if (keep !== mask[i]) changed++;
      mask[i] = keep;
    }
    fit = chebyshevBaseline(x, y, order, mask);
    if (!changed) break;
  }
  return fit;
}

export function estimateBackground(x: Float64Array, y: Float64Array, options: BackgroundOptions = {}): Float64Array {
  const method = options.method ?? 'snip';
  if (method === 'arpls') return arpls(y, { lambda: options.lambda ?? 1e5 });
  if (method === 'chebyshev') return chebyshevBackground(x, y, options.order ?? 6);
  return snipBackground(y, options.iterations ?? 40);
}
