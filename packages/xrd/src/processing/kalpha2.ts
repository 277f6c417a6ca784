/**
 * Kα2 stripping by the Rachinger method (W. A. Rachinger, J. Sci. Instrum. 25 (1948) 254): the
 * observed I(2θ) = I₁(2θ) + R·I₁(2θ − Δ(2θ)), with Δ(2θ) = 2θ₂ − 2θ₁ from
 * sin θ₂ = (λ₂/λ₁) sin θ₁ growing with angle. Walking up in 2θ, the Kα1-only intensity is
 * I₁(2θ) = I(2θ) − R·I₁(2θ − Δ), with I₁ at the shifted angle linearly interpolated from points
 * already corrected. R = I(Kα2)/I(Kα1) (0.5 for Cu).
 */
export function stripKAlpha2(twoTheta: Float64Array, intensity: Float64Array, lambdaRatio: number, intensityRatio = 0.5): Float64Array {
  const n = intensity.length;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const t = twoTheta[i] as number;
    // The Kα1 angle whose Kα2 line lands at t: sin θ₁ = sin θ / (λ₂/λ₁).
    const s = Math.sin((t * Math.PI) / 360) / lambdaRatio;
    const source = (360 / Math.PI) * Math.asin(Math.min(1, s));
    let contribution = 0;
    if (source >= (twoTheta[0] as number)) {
      while (j < i - 1 && (twoTheta[j + 1] as number) <= source) j++;
      while (j > 0 && (twoTheta[j] as number) > source) j--;
      const x0 = twoTheta[j] as number;
      const x1 = twoTheta[Math.min(j + 1, i)] as number;
      const y0 = out[j] as number;
      const y1 = out[Math.min(j + 1, i)] as number;
      const f = x1 > x0 ? (source - x0) / (x1 - x0) : 0;
      contribution = intensityRatio * (y0 + Math.min(1, Math.max(0, f)) * (y1 - y0));
    }
    out[i] = (intensity[i] as number) - contribution;
  }
  return out;
}
