/**
 * Background estimation for powder patterns.
 * - SNIP (statistics-sensitive non-linear iterative peak clipping; Ryan et al., Nucl. Instrum.
 *   Methods B 34 (1988) 396; Morháč et al., NIM A 401 (1997) 113): on v = ln(ln(√(y+1)+1)+1) (the
 *   LLS operator), each pass replaces v_i by min(v_i, (v_{i−p}+v_{i+p})/2) for p = 1…P (increasing
 *   window, which keeps broad humps), then transforms back. P ≈ a few peak widths in points.
 * - arPLS and Chebyshev come from @ionscope/numerics once its signal tools are exported; until then
 *   they raise a clear error.
 */
import * as numerics from '@ionscope/numerics';

export type BackgroundMethod = 'snip' | 'arpls' | 'chebyshev';

export interface BackgroundOptions {
  method?: BackgroundMethod;
  /** SNIP: clipping window in points (default 40). */
  iterations?: number;
  /** arPLS smoothness λ (default 1e5). */
  lambda?: number;
  /** Chebyshev order (default 6). */
  order?: number;
}

export function snipBackground(y: ArrayLike<number>, iterations = 40): Float64Array {
  const n = y.length;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.log(Math.log(Math.sqrt(Math.max(y[i] as number, 0) + 1) + 1) + 1);
  const w = new Float64Array(n);
  for (let p = 1; p <= iterations; p++) {
    for (let i = 0; i < n; i++) {
      if (i < p || i >= n - p) w[i] = v[i] as number;
      else {
        const m = ((v[i - p] as number) + (v[i + p] as number)) / 2;
        w[i] = Math.min(v[i] as number, m);
      }
    }
    v.set(w);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.exp(Math.exp(v[i] as number) - 1) - 1;
    out[i] = a * a - 1;
  }
  // Negative input (already background-subtracted data) keeps its sign: clip to the data.
  for (let i = 0; i < n; i++) if ((y[i] as number) < (out[i] as number)) out[i] = y[i] as number;
  return out;
}

type Fn = (...args: unknown[]) => Float64Array;

export function estimateBackground(x: Float64Array, y: Float64Array, options: BackgroundOptions = {}): Float64Array {
  const method = options.method ?? 'snip';
  if (method === 'snip') return snipBackground(y, options.iterations ?? 40);
  const lib = numerics as unknown as Record<string, Fn | undefined>;
  if (method === 'arpls' && lib.arpls) return lib.arpls(y, { lambda: options.lambda ?? 1e5 });
  if (method === 'chebyshev' && lib.chebyshevBaseline) return lib.chebyshevBaseline(x, y, options.order ?? 6);
  throw new RangeError(`background method "${method}" needs @ionscope/numerics' signal tools, not available in this build; use "snip"`);
}
