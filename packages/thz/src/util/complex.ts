/**
 * Minimal mutable complex scalars for per-frequency physics loops. Every operation writes into an
 * `out` argument (which may alias an input), so hot loops reuse a few preallocated scratch values
 * instead of allocating per point.
 */
export class Complex {
  constructor(
    public re = 0,
    public im = 0,
  ) {}
  set(re: number, im: number): this {
    this.re = re;
    this.im = im;
    return this;
  }
  copy(a: Complex): this {
    this.re = a.re;
    this.im = a.im;
    return this;
  }
}

export function cadd(a: Complex, b: Complex, out: Complex): Complex {
  return out.set(a.re + b.re, a.im + b.im);
}

export function csub(a: Complex, b: Complex, out: Complex): Complex {
  return out.set(a.re - b.re, a.im - b.im);
}

export function cmul(a: Complex, b: Complex, out: Complex): Complex {
  return out.set(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}

export function cscale(a: Complex, s: number, out: Complex): Complex {
  return out.set(a.re * s, a.im * s);
}

/** a / b (Smith's algorithm, robust against overflow). */
export function cdiv(a: Complex, b: Complex, out: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return out.set((a.re + a.im * r) / d, (a.im - a.re * r) / d);
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return out.set((a.re * r + a.im) / d, (a.im * r - a.re) / d);
}

/** e^{a} */
export function cexp(a: Complex, out: Complex): Complex {
  const m = Math.exp(a.re);
  return out.set(m * Math.cos(a.im), m * Math.sin(a.im));
}

/** Principal logarithm. */
export function clog(a: Complex, out: Complex): Complex {
  return out.set(Math.log(Math.hypot(a.re, a.im)), Math.atan2(a.im, a.re));
}

/** a^k for a non-negative integer k (binary powering). */
export function cpowInt(a: Complex, k: number, out: Complex, scratch: Complex): Complex {
  let br = a.re;
  let bi = a.im;
  let rr = 1;
  let ri = 0;
  let e = k;
  while (e > 0) {
    if (e & 1) {
      const t = rr * br - ri * bi;
      ri = rr * bi + ri * br;
      rr = t;
    }
    const t = br * br - bi * bi;
    bi = 2 * br * bi;
    br = t;
    e >>= 1;
  }
  scratch.set(br, bi);
  return out.set(rr, ri);
}

export function cabs(a: Complex): number {
  return Math.hypot(a.re, a.im);
}
