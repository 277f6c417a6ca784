/**
 * 360° scans. With the rotation axis near the middle of the detector a 360° scan needs nothing
 * special (FBP weights each angle by its share of the range, recon/fbp.ts). With the axis near one
 * edge ("half-acquisition", used to double the field of view), the projection at θ + 180° is the
 * mirror image of the missing half at θ: each pair is stitched into one projection of width
 * 2·N − overlap, blending linearly across the overlap (the scheme of TomoPy's `sino_360_to_180`,
 * Vo et al. 2021 Opt. Express 29, 17849 for the geometry).
 */

export interface Stitched {
  sino: Float32Array;
  nAngles: number;
  width: number;
  theta: Float64Array;
  /** rotation centre in the stitched projection */
  centre: number;
}

/**
 * Stitches a 360° sinogram (angles × N, angles evenly covering [0, 2π)) into a 180° sinogram of
 * width 2N − overlap. `axisSide` says on which side of the detector the axis lies; for an axis at
 * detector position c the overlap is 2N − 1 − 2c (right) or 2c + 1 (left), see {@link overlapForCentre},
 * and the stitched sinogram's centre is N − overlap/2 − ½.
 */
export function stitch360(sino: ArrayLike<number>, nAngles: number, n: number, overlap: number, axisSide: 'left' | 'right'): Stitched {
  const half = Math.floor(nAngles / 2);
  const ov = Math.max(0, Math.min(n, Math.round(overlap)));
  const width = 2 * n - ov;
  const out = new Float32Array(half * width);
  for (let a = 0; a < half; a++) {
    const p = a * n;
    const q = (a + half) * n;
    const row = a * width;
    for (let k = 0; k < width; k++) {
      // left part: the 0–180° projection (axis on the right) or the flipped 180–360° one
      const fromA = axisSide === 'right' ? k : k - (n - ov);
      const fromB = axisSide === 'right' ? k - (n - ov) : k;
      const inA = fromA >= 0 && fromA < n;
      const inB = fromB >= 0 && fromB < n;
      const va = inA ? (sino[p + fromA] as number) : 0;
      const vb = inB ? (sino[q + (n - 1 - fromB)] as number) : 0;
      if (inA && inB) {
        // linear blend across the overlap
        const t = (k - (n - ov) + 0.5) / ov;
        const wA = axisSide === 'right' ? 1 - t : t;
        out[row + k] = wA * va + (1 - wA) * vb;
      } else out[row + k] = inA ? va : vb;
    }
  }
  const theta = new Float64Array(half);
  for (let a = 0; a < half; a++) theta[a] = (a * Math.PI) / half;
  return { sino: out, nAngles: half, width, theta, centre: n - ov / 2 - 0.5 };
}

/** Overlap and side of a half-acquisition scan whose axis is at detector position `centre`. */
export function overlapForCentre(centre: number, n: number): { overlap: number; axisSide: 'left' | 'right' } {
  return centre >= (n - 1) / 2 ? { overlap: 2 * n - 1 - 2 * centre, axisSide: 'right' } : { overlap: 2 * centre + 1, axisSide: 'left' };
}
