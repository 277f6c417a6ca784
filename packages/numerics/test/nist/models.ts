/**
 * The 27 NIST StRD nonlinear regression models with analytic derivatives.
 * Each model gives f(x; b) and ∂f/∂b_k at one observation; the least-squares residual is y − f
 * (Nelson: log y − f), so the residual Jacobian is −∂f/∂b.
 */

export interface NistModel {
  /** f at observation i; g receives ∂f/∂b */
  eval(b: Float64Array, x: Float64Array[], i: number, g: Float64Array | null): number;
  /** transform of the response before fitting (Nelson fits log y) */
  response?: (y: number) => number;
}

const exp = Math.exp;

function expSum3(b: Float64Array, x: number, g: Float64Array | null): number {
  const e1 = exp(-b[1] * x);
  const e2 = exp(-b[3] * x);
  const e3 = exp(-b[5] * x);
  if (g) {
    g[0] = e1;
    g[1] = -b[0] * x * e1;
    g[2] = e2;
    g[3] = -b[2] * x * e2;
    g[4] = e3;
    g[5] = -b[4] * x * e3;
  }
  return b[0] * e1 + b[2] * e2 + b[4] * e3;
}

function gauss(b: Float64Array, x: number, g: Float64Array | null): number {
  const e = exp(-b[1] * x);
  const d1 = x - b[3];
  const g1 = exp(-(d1 * d1) / (b[4] * b[4]));
  const d2 = x - b[6];
  const g2 = exp(-(d2 * d2) / (b[7] * b[7]));
  if (g) {
    g[0] = e;
    g[1] = -b[0] * x * e;
    g[2] = g1;
    g[3] = (b[2] * g1 * 2 * d1) / (b[4] * b[4]);
    g[4] = (b[2] * g1 * 2 * d1 * d1) / (b[4] * b[4] * b[4]);
    g[5] = g2;
    g[6] = (b[5] * g2 * 2 * d2) / (b[7] * b[7]);
    g[7] = (b[5] * g2 * 2 * d2 * d2) / (b[7] * b[7] * b[7]);
  }
  return b[0] * e + b[2] * g1 + b[5] * g2;
}

/** (Σ_{k<p} b_k x^k) / (1 + Σ_{k=1..q} b_{p+k−1} x^k) */
function rational(b: Float64Array, x: number, p: number, q: number, g: Float64Array | null): number {
  let num = 0;
  let xp = 1;
  for (let k = 0; k < p; k++) {
    num += b[k] * xp;
    xp *= x;
  }
  let den = 1;
  xp = x;
  for (let k = 0; k < q; k++) {
    den += b[p + k] * xp;
    xp *= x;
  }
  const f = num / den;
  if (g) {
    xp = 1;
    for (let k = 0; k < p; k++) {
      g[k] = xp / den;
      xp *= x;
    }
    xp = x;
    for (let k = 0; k < q; k++) {
      g[p + k] = (-f * xp) / den;
      xp *= x;
    }
  }
  return f;
}

function boxBod(b: Float64Array, x: number, g: Float64Array | null): number {
  const e = exp(-b[1] * x);
  if (g) {
    g[0] = 1 - e;
    g[1] = b[0] * x * e;
  }
  return b[0] * (1 - e);
}

function chwirut(b: Float64Array, x: number, g: Float64Array | null): number {
  const d = b[1] + b[2] * x;
  const f = exp(-b[0] * x) / d;
  if (g) {
    g[0] = -x * f;
    g[1] = -f / d;
    g[2] = (-x * f) / d;
  }
  return f;
}

export const NIST_MODELS: Record<string, NistModel> = {
  Misra1a: { eval: (b, x, i, g) => boxBod(b, x[0][i], g) },
  BoxBOD: { eval: (b, x, i, g) => boxBod(b, x[0][i], g) },
  Chwirut1: { eval: (b, x, i, g) => chwirut(b, x[0][i], g) },
  Chwirut2: { eval: (b, x, i, g) => chwirut(b, x[0][i], g) },
  Lanczos1: { eval: (b, x, i, g) => expSum3(b, x[0][i], g) },
  Lanczos2: { eval: (b, x, i, g) => expSum3(b, x[0][i], g) },
  Lanczos3: { eval: (b, x, i, g) => expSum3(b, x[0][i], g) },
  Gauss1: { eval: (b, x, i, g) => gauss(b, x[0][i], g) },
  Gauss2: { eval: (b, x, i, g) => gauss(b, x[0][i], g) },
  Gauss3: { eval: (b, x, i, g) => gauss(b, x[0][i], g) },
  Kirby2: { eval: (b, x, i, g) => rational(b, x[0][i], 3, 2, g) },
  Hahn1: { eval: (b, x, i, g) => rational(b, x[0][i], 4, 3, g) },
  Thurber: { eval: (b, x, i, g) => rational(b, x[0][i], 4, 3, g) },
  DanWood: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const p = xi ** b[1];
      if (g) {
        g[0] = p;
        g[1] = b[0] * p * Math.log(xi);
      }
      return b[0] * p;
    },
  },
  Misra1b: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const u = 1 + (b[1] * xi) / 2;
      if (g) {
        g[0] = 1 - u ** -2;
        g[1] = b[0] * xi * u ** -3;
      }
      return b[0] * (1 - u ** -2);
    },
  },
  Misra1c: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const u = 1 + 2 * b[1] * xi;
      if (g) {
        g[0] = 1 - u ** -0.5;
        g[1] = b[0] * xi * u ** -1.5;
      }
      return b[0] * (1 - u ** -0.5);
    },
  },
  Misra1d: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const u = 1 + b[1] * xi;
      if (g) {
        g[0] = (b[1] * xi) / u;
        g[1] = (b[0] * xi) / (u * u);
      }
      return (b[0] * b[1] * xi) / u;
    },
  },
  Nelson: {
    response: Math.log,
    eval(b, x, i, g) {
      const x1 = x[0][i];
      const x2 = x[1][i];
      const e = exp(-b[2] * x2);
      if (g) {
        g[0] = 1;
        g[1] = -x1 * e;
        g[2] = b[1] * x1 * x2 * e;
      }
      return b[0] - b[1] * x1 * e;
    },
  },
  MGH17: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const e4 = exp(-xi * b[3]);
      const e5 = exp(-xi * b[4]);
      if (g) {
        g[0] = 1;
        g[1] = e4;
        g[2] = e5;
        g[3] = -b[1] * xi * e4;
        g[4] = -b[2] * xi * e5;
      }
      return b[0] + b[1] * e4 + b[2] * e5;
    },
  },
  Roszman1: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const d = xi - b[3];
      const t = b[2] / d;
      if (g) {
        const dAtan = 1 / (1 + t * t) / Math.PI;
        g[0] = 1;
        g[1] = -xi;
        g[2] = -dAtan / d;
        g[3] = (-dAtan * b[2]) / (d * d);
      }
      return b[0] - b[1] * xi - Math.atan(t) / Math.PI;
    },
  },
  ENSO: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const w0 = (2 * Math.PI * xi) / 12;
      const t1 = (2 * Math.PI * xi) / b[3];
      const t2 = (2 * Math.PI * xi) / b[6];
      const c1 = Math.cos(t1);
      const s1 = Math.sin(t1);
      const c2 = Math.cos(t2);
      const s2 = Math.sin(t2);
      if (g) {
        g[0] = 1;
        g[1] = Math.cos(w0);
        g[2] = Math.sin(w0);
        g[3] = (-b[4] * s1 + b[5] * c1) * ((-2 * Math.PI * xi) / (b[3] * b[3]));
        g[4] = c1;
        g[5] = s1;
        g[6] = (-b[7] * s2 + b[8] * c2) * ((-2 * Math.PI * xi) / (b[6] * b[6]));
        g[7] = c2;
        g[8] = s2;
      }
      return b[0] + b[1] * Math.cos(w0) + b[2] * Math.sin(w0) + b[4] * c1 + b[5] * s1 + b[7] * c2 + b[8] * s2;
    },
  },
  MGH09: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const num = xi * xi + xi * b[1];
      const den = xi * xi + xi * b[2] + b[3];
      const f = (b[0] * num) / den;
      if (g) {
        g[0] = num / den;
        g[1] = (b[0] * xi) / den;
        g[2] = (-f * xi) / den;
        g[3] = -f / den;
      }
      return f;
    },
  },
  Rat42: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const e = exp(b[1] - b[2] * xi);
      const u = 1 + e;
      if (g) {
        g[0] = 1 / u;
        g[1] = (-b[0] * e) / (u * u);
        g[2] = (b[0] * xi * e) / (u * u);
      }
      return b[0] / u;
    },
  },
  MGH10: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const d = xi + b[2];
      const e = exp(b[1] / d);
      if (g) {
        g[0] = e;
        g[1] = (b[0] * e) / d;
        g[2] = (-b[0] * e * b[1]) / (d * d);
      }
      return b[0] * e;
    },
  },
  Eckerle4: {
    eval(b, x, i, g) {
      const z = (x[0][i] - b[2]) / b[1];
      const e = exp(-0.5 * z * z);
      if (g) {
        g[0] = e / b[1];
        g[1] = ((b[0] * e) / (b[1] * b[1])) * (z * z - 1);
        g[2] = ((b[0] / b[1]) * e * z) / b[1];
      }
      return (b[0] / b[1]) * e;
    },
  },
  Rat43: {
    eval(b, x, i, g) {
      const xi = x[0][i];
      const e = exp(b[1] - b[2] * xi);
      const u = 1 + e;
      const p = u ** (-1 / b[3]);
      if (g) {
        g[0] = p;
        g[1] = ((-b[0] / b[3]) * p * e) / u;
        g[2] = ((b[0] / b[3]) * p * xi * e) / u;
        g[3] = (b[0] * p * Math.log(u)) / (b[3] * b[3]);
      }
      return b[0] * p;
    },
  },
  Bennett5: {
    eval(b, x, i, g) {
      const u = b[1] + x[0][i];
      const p = u ** (-1 / b[2]);
      if (g) {
        g[0] = p;
        g[1] = ((-b[0] / b[2]) * p) / u;
        g[2] = (b[0] * p * Math.log(u)) / (b[2] * b[2]);
      }
      return b[0] * p;
    },
  },
};
