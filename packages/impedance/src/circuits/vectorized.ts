/**
 * Vectorised kernels of the built-in elements: Z and ∂Z/∂p at all frequencies in one loop per
 * element, with complex arithmetic written out (no calls, no Math.hypot), which is what makes a
 * fit take about a millisecond. They compute exactly the formulas of `elements.ts` (the tests
 * compare both).
 */

/** Frequency-only quantities shared by every kernel. */
export interface FrequencyGrid {
  m: number;
  omega: Float64Array;
  logOmega: Float64Array;
  sqrtOmega: Float64Array;
}

export function frequencyGrid(frequency: ArrayLike<number>): FrequencyGrid {
  const m = frequency.length;
  const omega = new Float64Array(m);
  const logOmega = new Float64Array(m);
  const sqrtOmega = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const w = 2 * Math.PI * (frequency[i] as number);
    omega[i] = w;
    logOmega[i] = Math.log(w);
    sqrtOmega[i] = Math.sqrt(w);
  }
  return { m, omega, logOmega, sqrtOmega };
}

/**
 * Writes Z (zr, zi) and, when dr/di are given, ∂Z/∂p_k (dr[k], di[k]) for the element's
 * parameters p[at], p[at+1]...
 */
export type VectorKernel = (
  p: Float64Array,
  at: number,
  g: FrequencyGrid,
  zr: Float64Array,
  zi: Float64Array,
  dr: Float64Array[] | null,
  di: Float64Array[] | null,
) => void;

const HALF_PI = Math.PI / 2;

const R: VectorKernel = (p, at, g, zr, zi, dr, di) => {
  zr.fill(p[at] as number, 0, g.m);
  zi.fill(0, 0, g.m);
  if (dr && di) {
    (dr[0] as Float64Array).fill(1, 0, g.m);
    (di[0] as Float64Array).fill(0, 0, g.m);
  }
};

const C: VectorKernel = (p, at, g, zr, zi, dr, di) => {
  const c = p[at] as number;
  const { m, omega } = g;
  zr.fill(0, 0, m);
  for (let i = 0; i < m; i++) zi[i] = -1 / ((omega[i] as number) * c);
  if (dr && di) {
    (dr[0] as Float64Array).fill(0, 0, m);
    const d = di[0] as Float64Array;
    for (let i = 0; i < m; i++) d[i] = -(zi[i] as number) / c;
  }
};

const L: VectorKernel = (p, at, g, zr, zi, dr, di) => {
  const l = p[at] as number;
  const { m, omega } = g;
  zr.fill(0, 0, m);
  for (let i = 0; i < m; i++) zi[i] = (omega[i] as number) * l;
  if (dr && di) {
    (dr[0] as Float64Array).fill(0, 0, m);
    (di[0] as Float64Array).set(omega.subarray(0, m));
  }
};

/** Z = K·(jω)^(sign·α): CPE (K = 1/Q, sign −1) and La (K = L, sign +1). */
function powerLaw(inverse: boolean): VectorKernel {
  return (p, at, g, zr, zi, dr, di) => {
    const a = p[at + 1] as number;
    const coef = inverse ? 1 / (p[at] as number) : (p[at] as number);
    const e = inverse ? -a : a;
    const cph = Math.cos(HALF_PI * e);
    const sph = Math.sin(HALF_PI * e);
    const { m, logOmega } = g;
    for (let i = 0; i < m; i++) {
      const mag = coef * Math.exp(e * (logOmega[i] as number));
      zr[i] = mag * cph;
      zi[i] = mag * sph;
    }
    if (dr && di) {
      const d0r = dr[0] as Float64Array;
      const d0i = di[0] as Float64Array;
      const d1r = dr[1] as Float64Array;
      const d1i = di[1] as Float64Array;
      const q = p[at] as number;
      const sign = inverse ? -1 : 1;
      for (let i = 0; i < m; i++) {
        const r = zr[i] as number;
        const im = zi[i] as number;
        // ∂Z/∂Q = −Z/Q (CPE) ; ∂Z/∂L = Z/L (La)
        d0r[i] = (sign * r) / q;
        d0i[i] = (sign * im) / q;
        // ∂Z/∂α = sign·Z·(ln ω + jπ/2)
        const lr = logOmega[i] as number;
        d1r[i] = sign * (r * lr - im * HALF_PI);
        d1i[i] = sign * (r * HALF_PI + im * lr);
      }
    }
  };
}

const W: VectorKernel = (p, at, g, zr, zi, dr, di) => {
  const a = p[at] as number;
  const { m, sqrtOmega } = g;
  for (let i = 0; i < m; i++) {
    const k = 1 / (sqrtOmega[i] as number);
    zr[i] = a * k;
    zi[i] = -a * k;
    if (dr && di) {
      (dr[0] as Float64Array)[i] = k;
      (di[0] as Float64Array)[i] = -k;
    }
  }
};

/** Finite Warburg: s = √(jωτ) = x(1 + j) with x = √(ωτ/2); g = coth s (open) or tanh s (short). */
function finiteWarburg(open: boolean): VectorKernel {
  return (p, at, grid, zr, zi, dr, di) => {
    const z0 = p[at] as number;
    const tau = p[at + 1] as number;
    const { m, omega } = grid;
    const f = z0 / (2 * tau);
    for (let i = 0; i < m; i++) {
      const x = Math.sqrt(0.5 * (omega[i] as number) * tau);
      // tanh(x + jx) = (1 − e)/(1 + e) with e = exp(−2x)(cos 2x − j sin 2x)
      const ex = Math.exp(-2 * x);
      const er = ex * Math.cos(2 * x);
      const ei = -ex * Math.sin(2 * x);
      const nr = 1 - er;
      const ni = -ei;
      const dre = 1 + er;
      const dim = ei;
      let gr: number;
      let gi: number;
      if (open) {
        // coth = (1 + e)/(1 − e)
        const dd = nr * nr + ni * ni;
        gr = (dre * nr + dim * ni) / dd;
        gi = (dim * nr - dre * ni) / dd;
      } else {
        const dd = dre * dre + dim * dim;
        gr = (nr * dre + ni * dim) / dd;
        gi = (ni * dre - nr * dim) / dd;
      }
      // h = g/s, s = x(1 + j): g/(x(1+j)) = g(1 − j)/(2x)
      const inv2x = 1 / (2 * x);
      const hr = (gr + gi) * inv2x;
      const hi = (gi - gr) * inv2x;
      zr[i] = z0 * hr;
      zi[i] = z0 * hi;
      if (dr && di) {
        (dr[0] as Float64Array)[i] = hr;
        (di[0] as Float64Array)[i] = hi;
        // ∂Z/∂τ = Z0/(2τ)·(1 − g² − h)
        const g2r = gr * gr - gi * gi;
        const g2i = 2 * gr * gi;
        (dr[1] as Float64Array)[i] = f * (1 - g2r - hr);
        (di[1] as Float64Array)[i] = f * (-g2i - hi);
      }
    }
  };
}

const G: VectorKernel = (p, at, g, zr, zi, dr, di) => {
  const r = p[at] as number;
  const t = p[at + 1] as number;
  const { m, omega } = g;
  for (let i = 0; i < m; i++) {
    const w = omega[i] as number;
    // u = 1/√(1 + jωt)
    const b = w * t;
    const mod = Math.sqrt(1 + b * b);
    const sr = Math.sqrt(0.5 * (mod + 1));
    const si = b / (2 * sr);
    const dd = sr * sr + si * si;
    const ur = sr / dd;
    const ui = -si / dd;
    zr[i] = r * ur;
    zi[i] = r * ui;
    if (dr && di) {
      (dr[0] as Float64Array)[i] = ur;
      (di[0] as Float64Array)[i] = ui;
      // ∂Z/∂t = Z·(−jω/2)/(1 + jωt)
      const d2 = 1 + b * b;
      const qr = (-w / 2) * (b / d2);
      const qi = (-w / 2) * (1 / d2);
      const zR = r * ur;
      const zI = r * ui;
      (dr[1] as Float64Array)[i] = zR * qr - zI * qi;
      (di[1] as Float64Array)[i] = zR * qi + zI * qr;
    }
  }
};

const K: VectorKernel = (p, at, g, zr, zi, dr, di) => {
  const r = p[at] as number;
  const tau = p[at + 1] as number;
  const { m, omega } = g;
  for (let i = 0; i < m; i++) {
    const w = omega[i] as number;
    const wt = w * tau;
    const d = 1 + wt * wt;
    const ur = 1 / d;
    const ui = -wt / d;
    zr[i] = r * ur;
    zi[i] = r * ui;
    if (dr && di) {
      (dr[0] as Float64Array)[i] = ur;
      (di[0] as Float64Array)[i] = ui;
      const u2r = ur * ur - ui * ui;
      const u2i = 2 * ur * ui;
      (dr[1] as Float64Array)[i] = w * r * u2i;
      (di[1] as Float64Array)[i] = -w * r * u2r;
    }
  }
};

/** Kernels of the built-in elements by prefix. */
export const VECTOR_KERNELS: Record<string, VectorKernel> = {
  R,
  C,
  L,
  CPE: powerLaw(true),
  La: powerLaw(false),
  W,
  Wo: finiteWarburg(true),
  Ws: finiteWarburg(false),
  G,
  K,
};
