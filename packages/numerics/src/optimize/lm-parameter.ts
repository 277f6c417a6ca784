/**
 * The Levenberg–Marquardt parameter λ for a trust region of radius Δ (Moré 1978, §5–6; Hebden 1973):
 * find λ ≥ 0 with ‖D·p(λ)‖ ≈ Δ (within 10 %), where p(λ) minimises ‖J p + r‖² + λ‖D p‖², or λ = 0
 * when the Gauss–Newton step already lies inside the region. Newton's method on
 * φ(λ) = ‖D p(λ)‖ − Δ, safeguarded by the bounds [parl, paru].
 */
import { enorm, qrSolve } from './qr';

const DWARF = 2.2250738585072014e-308;

/** Workspace for {@link lmParameter} (length ≥ n each). */
export interface LmParameterWork {
  wa1: Float64Array;
  wa2: Float64Array;
  sdiag: Float64Array;
  qrWork: Float64Array;
}

/**
 * @param r pivoted QR factor R (upper triangle with diagonal) of J, column-major with ldr; its lower
 *   triangle is overwritten
 * @param qtb (Qᵀ r)[0..n)
 * @param par initial λ guess
 * @param x receives the solution of min ‖J x − r‖² + λ‖D x‖² (the LM step is −x)
 * @returns the λ used
 */
export function lmParameter(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  delta: number,
  par: number,
  x: Float64Array,
  work: LmParameterWork,
): number {
  const { wa1, wa2, sdiag, qrWork } = work;
  // Gauss–Newton direction (least-squares solution if R is singular)
  let nsing = n;
  for (let j = 0; j < n; j++) {
    wa1[j] = qtb[j];
    if (r[j + j * ldr] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa1[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    wa1[j] /= r[j + j * ldr];
    const temp = wa1[j];
    for (let i = 0; i < j; i++) wa1[i] -= r[i + j * ldr] * temp;
  }
  for (let j = 0; j < n; j++) x[ipvt[j]] = wa1[j];

  for (let j = 0; j < n; j++) wa2[j] = diag[j] * x[j];
  let dxnorm = enorm(wa2, n);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;

  // lower bound parl from the Newton step at λ = 0 (only if J has full rank)
  let parl = 0;
  if (nsing === n) {
    for (let j = 0; j < n; j++) {
      const l = ipvt[j];
      wa1[j] = diag[l] * (wa2[l] / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < j; i++) sum += r[i + j * ldr] * wa1[i];
      wa1[j] = (wa1[j] - sum) / r[j + j * ldr];
    }
    const temp = enorm(wa1, n);
    parl = fp / delta / temp / temp;
  }
  // upper bound paru = ‖D⁻¹ Jᵀ r‖ / Δ
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += r[i + j * ldr] * qtb[i];
    wa1[j] = sum / diag[ipvt[j]];
  }
  const gnorm = enorm(wa1, n);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);

  par = Math.min(Math.max(par, parl), paru);
  if (par === 0) par = gnorm / dxnorm;

  for (let iter = 1; ; iter++) {
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    const sq = Math.sqrt(par);
    for (let j = 0; j < n; j++) wa1[j] = sq * diag[j];
    qrSolve(n, r, ldr, ipvt, wa1, qtb, x, sdiag, qrWork);
    for (let j = 0; j < n; j++) wa2[j] = diag[j] * x[j];
    dxnorm = enorm(wa2, n);
    const previous = fp;
    fp = dxnorm - delta;
    // accept when within 10 % of Δ, or when λ cannot decrease further, or after 10 iterations
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= previous && previous < 0) || iter === 10) break;
    // Newton correction
    for (let j = 0; j < n; j++) {
      const l = ipvt[j];
      wa1[j] = diag[l] * (wa2[l] / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      wa1[j] /= sdiag[j];
      const temp = wa1[j];
      for (let i = j + 1; i < n; i++) wa1[i] -= r[i + j * ldr] * temp;
    }
    const temp = enorm(wa1, n);
    const parc = fp / delta / temp / temp;
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return par;
}
