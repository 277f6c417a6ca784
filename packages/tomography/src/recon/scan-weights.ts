/**
 * Angular weights of a circular cone-beam (or fan-beam) scan for FDK: a full turn integrates every
 * view with its share Δβ of 2π and the factor ½ of the two rays through each line; a short scan
 * (180° plus the fan angle) weights each ray with Parker's smooth redundancy weights,
 * D. L. Parker, "Optimal short scan convolution reconstruction for fan beam CT", Med. Phys. 9(2),
 * 254–257 (1982), so that the two samples of every line add up to one.
 *
 * Parker's fan angle γ is positive for rays whose conjugate comes later in the scan:
 * (β, γ) and (β + π + 2γ, −γ) are the same line. In recon/fdk.ts's geometry a ray through detector
 * column u (physical offset from the centre) has γ = −atan(u / Dsd).
 */

/** Parker's weight of the ray at scan angle β ∈ [0, π + 2δ] (from the first view) and fan angle γ (|γ| ≤ δ). */
export function parkerWeight(beta: number, gamma: number, delta: number): number {
  if (beta < 0 || beta > Math.PI + 2 * delta) return 0;
  if (beta < 2 * (delta - gamma)) {
    const s = Math.sin(((Math.PI / 4) * beta) / (delta - gamma));
    return s * s;
  }
  if (beta <= Math.PI - 2 * gamma) return 1;
  const s = Math.sin(((Math.PI / 4) * (Math.PI + 2 * delta - beta)) / (delta + gamma));
  return s * s;
}

export interface ScanWeighting {
  /** integration step of each view (rad), midpoint rule */
  dBeta: Float64Array;
  /** full turn (½ · Σ Δβ = π) or short scan with Parker weights */
  kind: 'full' | 'short';
  /** first angle of the scan (rad) */
  start: number;
  /** δ used in the Parker weights: half of the scan range beyond 180° (≥ the fan half-angle) */
  delta: number;
  /** covered range (rad) */
  range: number;
}

/**
 * How to weight the views at `theta` for a detector whose fan half-angle is `fanHalfAngle`:
 * a full turn when the views cover 360° (within 1.5 steps), else a short scan, which needs at
 * least 180° + the fan angle (less half a step); anything shorter is refused.
 */
export function scanWeighting(theta: Float64Array, fanHalfAngle: number): ScanWeighting {
  const n = theta.length;
  const order = Array.from(theta.keys()).sort((a, b) => (theta[a] as number) - (theta[b] as number));
  const sorted = order.map((i) => theta[i] as number);
  const start = sorted[0] ?? 0;
  const span = n > 1 ? (sorted[n - 1] as number) - start : 0;
  const step = n > 1 ? span / (n - 1) : 2 * Math.PI;
  const dBeta = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const lo = r === 0 ? start - step / 2 : ((sorted[r - 1] as number) + (sorted[r] as number)) / 2;
    const hi = r === n - 1 ? (sorted[n - 1] as number) + step / 2 : ((sorted[r] as number) + (sorted[r + 1] as number)) / 2;
    dBeta[order[r] as number] = hi - lo;
  }
  if (n >= 2 && span + 1.5 * step >= 2 * Math.PI) {
    // normalise to exactly 2π: n views a step apart cover the circle once whatever the start
    const total = dBeta.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) dBeta[i] = ((dBeta[i] as number) * 2 * Math.PI) / total;
    return { dBeta, kind: 'full', start, delta: Math.PI / 2, range: 2 * Math.PI };
  }
  const needed = Math.PI + 2 * fanHalfAngle;
  if (n < 2 || span < needed - step / 2) {
    throw new RangeError(
      `a cone-beam scan needs 360°, or at least 180° + the fan angle = ${((needed * 180) / Math.PI).toFixed(1)}° for a short scan; got ${((span * 180) / Math.PI).toFixed(1)}° in ${n} views`,
    );
  }
  // the Parker weights vanish at both ends, so the end views' half steps carry no weight anyway
  return { dBeta, kind: 'short', start, delta: Math.max(fanHalfAngle, (span - Math.PI) / 2), range: span };
}
