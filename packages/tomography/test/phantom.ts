/** Analytic phantoms for tests: sums of uniform discs and their exact parallel-beam projections. */

export interface Disc {
  x: number;
  y: number;
  r: number;
  value: number;
}

export const thetas = (n: number, range = Math.PI) => Float64Array.from({ length: n }, (_, i) => (i * range) / n);

/** Sinogram angles × nDet of discs; detector pixel k sits at s = k − centre (pixel-averaged, 5 sub-samples). */
export function discsSinogram(discs: Disc[], theta: Float64Array, nDet: number, centre = Math.floor(nDet / 2)): Float64Array {
  const s = new Float64Array(theta.length * nDet);
  theta.forEach((t, a) => {
    for (const d of discs) {
      const p = d.x * Math.cos(t) + d.y * Math.sin(t);
      for (let k = 0; k < nDet; k++) {
        let acc = 0;
        for (let q = -2; q <= 2; q++) {
          const u = k + q / 5 - centre - p;
          acc += u * u < d.r * d.r ? 2 * Math.sqrt(d.r * d.r - u * u) : 0;
        }
        s[a * nDet + k] += (d.value * acc) / 5;
      }
    }
  });
  return s;
}

/** The phantom sampled on an n × n grid (x = j − ⌊n/2⌋, y = ⌊n/2⌋ − i), 4×4 supersampled. */
export function discsImage(discs: Disc[], n: number): Float64Array {
  const img = new Float64Array(n * n);
  const c = Math.floor(n / 2);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let a = 0; a < 4; a++)
        for (let b = 0; b < 4; b++) {
          const x = j - c + (b + 0.5) / 4 - 0.5;
          const y = c - i - (a + 0.5) / 4 + 0.5;
          for (const d of discs) if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.r * d.r) acc += d.value;
        }
      img[i * n + j] = acc / 16;
    }
  return img;
}

export function rmseInCircle(rec: ArrayLike<number>, ref: ArrayLike<number>, n: number, radius = Math.floor(n / 2)): number {
  const c = n >> 1;
  let se = 0;
  let cnt = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if ((i - c) ** 2 + (j - c) ** 2 <= radius * radius) {
        se += ((rec[i * n + j] as number) - (ref[i * n + j] as number)) ** 2;
        cnt++;
      }
  return Math.sqrt(se / cnt);
}

export const PHANTOM: Disc[] = [
  { x: 0, y: 0, r: 26, value: 1 },
  { x: 8, y: 6, r: 7, value: 0.5 },
  { x: -10, y: -8, r: 5, value: -0.4 },
];
