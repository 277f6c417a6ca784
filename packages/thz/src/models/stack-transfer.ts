/**
 * Transmission of a planar multilayer at normal incidence, with a finite number of internal echoes
 * per layer (the time window truncates the Fabry–Pérot series of thick layers).
 *
 * Media 0 … L (0 = incidence, L = exit), interior layers 1 … L−1 of thickness d_m and index ñ_m
 * (n + iκ, fields ∝ e^{−iωt}). Fresnel coefficients r_ij = (ñ_i − ñ_j)/(ñ_i + ñ_j),
 * t_ij = 2ñ_i/(ñ_i + ñ_j). From the exit backwards (Airy recursion; Born & Wolf §1.6):
 *
 *   R_{L−1} = r_{L−1,L},  T_{L−1} = t_{L−1,L}
 *   q = R_{m} e^{2iδ_m},  δ_m = ñ_m ω d_m / c   (m = j + 1)
 *   R_j = (r_{j,m} + q) / (1 + r_{j,m} q)
 *   T_j = t_{j,m} T_m · S_K(z),  z = −r_{j,m} q,   S_∞ = 1/(1 − z),  S_K = Σ_{k=0}^{K} z^k
 *
 * T_0 is the *reduced* transmission: the single-pass propagation e^{iΣδ_m} is kept apart so that its
 * (large) phase is exact and the logarithm of T_0 stays on the principal branch. With K = number of
 * echoes that arrive inside the time window this is the model of Duvillaret, Garet & Coutaz,
 * IEEE J. Sel. Top. Quantum Electron. 2, 739 (1996) and Pupeza, Wilk & Koch, Opt. Express 15, 4335
 * (2007) for a slab, generalised to stacks.
 */
import { SPEED_OF_LIGHT } from '../constants';
import { Complex, cadd, cdiv, cexp, clog, cmul, cpowInt, cscale, csub } from '../util/complex';
import type { ComplexIndex } from '../layer-stack';

export interface StackSpec {
  /** Index of each medium 0 … L; the unknown medium's entry is ignored. */
  n: ComplexIndex[];
  /** Thickness of each medium in m (0 and L ignored). */
  d: number[];
  /** Echoes kept in each medium (Infinity = coherent, all echoes); 0 and L ignored. */
  echoes: number[];
  /** Index of the unknown medium, or −1. */
  unknown: number;
}

/**
 * Evaluates ln T_red(ω, ñ_u) and the optical path Σ ñ_m d_m (m interior) for one stack.
 * Allocation-free after construction.
 */
export class StackTransfer {
  private readonly L: number;
  private readonly nRe: Float64Array;
  private readonly nIm: Float64Array;
  private readonly R = new Complex();
  private readonly T = new Complex();
  private readonly a = new Complex();
  private readonly b = new Complex();
  private readonly c = new Complex();
  private readonly q = new Complex();
  private readonly r = new Complex();
  private readonly t = new Complex();
  private readonly z = new Complex();
  private readonly s = new Complex();
  private readonly one = new Complex(1, 0);

  constructor(readonly spec: StackSpec) {
    this.L = spec.n.length - 1;
    if (this.L < 1) throw new RangeError('a stack needs at least two media');
    this.nRe = Float64Array.from(spec.n, (v) => v.re);
    this.nIm = Float64Array.from(spec.n, (v) => v.im);
  }

  /** Geometric thickness of the interior layers (m). */
  get totalThickness(): number {
    let s = 0;
    for (let m = 1; m < this.L; m++) s += this.spec.d[m] as number;
    return s;
  }

  /**
   * ln T_red at angular frequency ω (rad/s) with the unknown medium's index set to (uRe, uIm);
   * writes ln T_red to `logT` and Σ ñ_m d_m (m) to `path`.
   */
  evaluate(omega: number, uRe: number, uIm: number, logT: Complex, path: Complex): void {
    const { L, nRe, nIm, spec, R, T, a, b, c, q, r, t, z, s, one } = this;
    if (spec.unknown >= 0) {
      nRe[spec.unknown] = uRe;
      nIm[spec.unknown] = uIm;
    }
    // Exit interface.
    this.fresnel(L - 1, L, r, t);
    R.copy(r);
    T.copy(t);
    path.set(0, 0);
    for (let j = L - 2; j >= 0; j--) {
      const m = j + 1;
      const dm = spec.d[m] as number;
      const k0 = (omega * dm) / SPEED_OF_LIGHT;
      path.set(path.re + (nRe[m] as number) * dm, path.im + (nIm[m] as number) * dm);
      // e^{2iδ} with δ = ñ k0 d: 2iδ = 2i(n + iκ)k0 = −2κk0 + 2ink0
      a.set(-2 * (nIm[m] as number) * k0, 2 * (nRe[m] as number) * k0);
      cexp(a, b);
      cmul(R, b, q);
      this.fresnel(j, m, r, t);
      // R_j = (r + q)/(1 + r q)
      cmul(r, q, a);
      cadd(one, a, c);
      cadd(r, q, b);
      cdiv(b, c, R);
      // T_j = t T_m S_K(z), z = −r q = −a
      cscale(a, -1, z);
      const K = spec.echoes[m] as number;
      if (!Number.isFinite(K)) {
        cdiv(one, c, s);
      } else {
        // (1 − z^{K+1}) / (1 − z)
        cpowInt(z, K + 1, a, b);
        csub(one, a, a);
        csub(one, z, b);
        cdiv(a, b, s);
      }
      cmul(t, T, a);
      cmul(a, s, T);
    }
    clog(T, logT);
  }

  private fresnel(i: number, j: number, r: Complex, t: Complex): void {
    const { nRe, nIm, a, b } = this;
    // r = (n_i − n_j)/(n_i + n_j), t = 2 n_i/(n_i + n_j)
    b.set((nRe[i] as number) + (nRe[j] as number), (nIm[i] as number) + (nIm[j] as number));
    a.set((nRe[i] as number) - (nRe[j] as number), (nIm[i] as number) - (nIm[j] as number));
    cdiv(a, b, r);
    a.set(2 * (nRe[i] as number), 2 * (nIm[i] as number));
    cdiv(a, b, t);
  }
}
