/**
 * Peak picking on a 2-D magnitude map: strict local maxima over a (2r+1)² neighbourhood above a
 * threshold, refined to sub-bin positions by a parabola through the neighbours along each axis.
 */
export interface Peak2d {
  row: number;
  col: number;
  /** Sub-bin refined indices. */
  rowExact: number;
  colExact: number;
  value: number;
}

export function findPeaks2d(
  map: Float64Array,
  rows: number,
  cols: number,
  options: { threshold: number; radius?: number; maxPeaks?: number; colFrom?: number },
): Peak2d[] {
  const r = options.radius ?? 2;
  const out: Peak2d[] = [];
  const c0 = Math.max(0, options.colFrom ?? 0);
  for (let i = 0; i < rows; i++) {
    for (let j = c0; j < cols; j++) {
      const v = map[i * cols + j] as number;
      if (!(v >= options.threshold)) continue;
      let isMax = true;
      for (let di = -r; di <= r && isMax; di++) {
        const ii = i + di;
        if (ii < 0 || ii >= rows) continue;
        for (let dj = -r; dj <= r; dj++) {
          const jj = j + dj;
          if (jj < 0 || jj >= cols || (di === 0 && dj === 0)) continue;
          const w = map[ii * cols + jj] as number;
          // ties broken towards the lower index so a flat top yields one peak
          if (w > v || (w === v && (ii < i || (ii === i && jj < j)))) {
            isMax = false;
            break;
          }
        }
      }
      if (!isMax) continue;
      const refine = (a: number, b: number, c: number) => {
        const d = a - 2 * b + c;
        return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / d)) : 0;
      };
      const up = i > 0 ? (map[(i - 1) * cols + j] as number) : v;
      const down = i < rows - 1 ? (map[(i + 1) * cols + j] as number) : v;
      const left = j > 0 ? (map[i * cols + j - 1] as number) : v;
      const right = j < cols - 1 ? (map[i * cols + j + 1] as number) : v;
      out.push({ row: i, col: j, rowExact: i + refine(up, v, down), colExact: j + refine(left, v, right), value: v });
    }
  }
  out.sort((a, b) => b.value - a.value);
  return out.slice(0, options.maxPeaks ?? 20);
}
