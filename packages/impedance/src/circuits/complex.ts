/**
 * Scalar complex arithmetic on (re, im) pairs without allocation: results are written into a
 * caller's Float64Array at an offset. Used in the element formulas, which run once per frequency
 * and parameter in the fitting hot loop.
 */

/** out = a · b */
export function cmul(ar: number, ai: number, br: number, bi: number, out: Float64Array, o = 0): void {
  out[o] = ar * br - ai * bi;
  out[o + 1] = ar * bi + ai * br;
}

/** out = a / b */
export function cdiv(ar: number, ai: number, br: number, bi: number, out: Float64Array, o = 0): void {
  // Smith's algorithm: no overflow for large |b|.
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const d = br + bi * r;
    out[o] = (ar + ai * r) / d;
    out[o + 1] = (ai - ar * r) / d;
  } else {
    const r = br / bi;
    const d = br * r + bi;
    out[o] = (ar * r + ai) / d;
    out[o + 1] = (ai * r - ar) / d;
  }
}

/** out = √a (principal branch, Re ≥ 0) */
export function csqrt(ar: number, ai: number, out: Float64Array, o = 0): void {
  if (ar === 0 && ai === 0) {
    out[o] = 0;
    out[o + 1] = 0;
    return;
  }
  const m = Math.hypot(ar, ai);
  const t = Math.sqrt(0.5 * (m + Math.abs(ar)));
  if (ar >= 0) {
    out[o] = t;
    out[o + 1] = ai / (2 * t);
  } else {
    out[o] = Math.abs(ai) / (2 * t);
    out[o + 1] = ai >= 0 ? t : -t;
  }
}

/**
 * out = tanh(a), computed as (1 − e^{−2a})/(1 + e^{−2a}) for Re a ≥ 0 (and by symmetry for
 * Re a < 0), which cannot overflow: finite-length Warburg elements evaluate it at large |a|.
 */
export function ctanh(ar: number, ai: number, out: Float64Array, o = 0): void {
  const sign = ar < 0 ? -1 : 1;
  const x = sign * ar;
  const y = sign * ai;
  const e = Math.exp(-2 * x);
  const er = e * Math.cos(2 * y);
  const ei = -e * Math.sin(2 * y);
  cdiv(1 - er, -ei, 1 + er, ei, out, o);
  out[o] = sign * (out[o] as number);
  out[o + 1] = sign * (out[o + 1] as number);
}

/** out = (jω)^α = ω^α (cos(πα/2) + j sin(πα/2)) for ω > 0. */
export function jwPow(omega: number, alpha: number, out: Float64Array, o = 0): void {
  const m = omega ** alpha;
  const phase = (Math.PI / 2) * alpha;
  out[o] = m * Math.cos(phase);
  out[o + 1] = m * Math.sin(phase);
}
