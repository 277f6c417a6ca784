/**
 * The model transfer function H = E_sample/E_reference of a layer stack against its reference path,
 * as a holomorphic function of the unknown layer's index ñ_u:
 *
 *   ln H(ñ_u) = ln T_s,red − ln T_r,red + i(ω/c)[Σ_s ñ_m d_m − Σ_r ñ_m d_m + n_amb (D_r − D_s)]
 *
 * where D is the geometric thickness of each stack (the reference path makes up the difference in
 * the ambient medium, index n_amb). The reference defaults to an empty path (air).
 */
import { SPEED_OF_LIGHT } from '../constants';
import type { StackTransfer } from '../models/stack-transfer';
import { Complex } from '../util/complex';

export class TransferModel {
  private readonly logT = new Complex();
  private readonly path = new Complex();
  private readonly logT2 = new Complex();
  private readonly path2 = new Complex();

  constructor(
    readonly sample: StackTransfer,
    readonly reference: StackTransfer | undefined,
    readonly ambient: number,
  ) {}

  /** Reference-path part, independent of ñ_u: [ln T_r,red, Σ_r ñ d − n_amb D_r·(1 + 0i)] at ω. */
  referenceTerms(omega: number, out: Complex, path: Complex): void {
    if (!this.reference) {
      out.set(0, 0);
      path.set(0, 0);
      return;
    }
    this.reference.evaluate(omega, 0, 0, out, path);
    path.set(path.re - this.ambient * this.reference.totalThickness, path.im);
  }

  /**
   * ln H at ω for ñ_u = (uRe, uIm), given the precomputed reference terms (refLog, refPath).
   */
  logH(omega: number, uRe: number, uIm: number, refLog: Complex, refPath: Complex, out: Complex): void {
    const { logT, path } = this;
    this.sample.evaluate(omega, uRe, uIm, logT, path);
    const k = omega / SPEED_OF_LIGHT;
    const pRe = path.re - this.ambient * this.sample.totalThickness - refPath.re;
    const pIm = path.im - refPath.im;
    // i k (pRe + i pIm) = −k pIm + i k pRe
    out.set(logT.re - refLog.re - k * pIm, logT.im - refLog.im + k * pRe);
  }

  /** ln H and its derivative d ln H/dñ_u (central difference; ln H is holomorphic in ñ_u). */
  logHWithDerivative(omega: number, uRe: number, uIm: number, refLog: Complex, refPath: Complex, out: Complex, derivative: Complex): void {
    const h = 1e-6 * Math.max(1, Math.hypot(uRe, uIm));
    const plus = this.logT2;
    const minus = this.path2;
    this.logH(omega, uRe + h, uIm, refLog, refPath, plus);
    const pr = plus.re;
    const pi = plus.im;
    this.logH(omega, uRe - h, uIm, refLog, refPath, minus);
    derivative.set((pr - minus.re) / (2 * h), (pi - minus.im) / (2 * h));
    this.logH(omega, uRe, uIm, refLog, refPath, out);
  }
}
