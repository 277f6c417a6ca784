/**
 * Single-distance phase retrieval for a homogeneous object, Paganin, Mayo, Gureyev, Miller &
 * Wilkins 2002, J. Microsc. 206, 33, eq. 10:
 *
 *   T(r) = −(1/μ) · ln( F⁻¹{ F{I(r)/I₀} / (1 + π·λ·z·(δ/β)·|u|²) } ),  μ = 4πβ/λ,
 *
 * with u the spatial frequency (cycles per unit length), z the propagation distance and δ/β the
 * ratio of the refractive index decrement to the absorption index. The filter is a low-pass
 * Lorentzian applied to the flat-corrected transmission of each projection; the result is returned
 * as μ·T = −ln(filtered transmission) (dimensionless, like −log data), so FBP gives μ per pixel.
 * Projections are padded by edge replication to twice their size (powers of two) to avoid
 * wrap-around at the borders.
 */
import { FFT2D } from '@ionscope/numerics';

export interface PaganinOptions {
  /** photon energy in keV */
  energyKeV: number;
  /** sample–detector distance in m */
  distanceM: number;
  /** pixel size in m */
  pixelSizeM: number;
  /** δ/β of the material */
  deltaOverBeta: number;
}

/** Wavelength (m) of a photon of `keV`: λ = hc/E. */
export function wavelengthM(keV: number): number {
  return 1.23984198e-9 / keV;
}

function pow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Applies the Paganin filter to transmissions `count × rows × cols` (flat-corrected, not −log) and
 * returns μ·T = −ln(filtered) as float32. Transmissions ≤ 0 are clamped to 1e-6.
 */
export function paganinFilter(transmission: Float32Array, count: number, rows: number, cols: number, options: PaganinOptions): Float32Array {
  const { energyKeV, distanceM, pixelSizeM, deltaOverBeta } = options;
  const lambda = wavelengthM(energyKeV);
  const pr = pow2(2 * rows);
  const pc = pow2(2 * cols);
  const plan = new FFT2D(pr, pc);
  // π λ z (δ/β) |u|², u in cycles per metre: u = k / (N · pixel)
  const coef = Math.PI * lambda * distanceM * deltaOverBeta;
  const filter = new Float64Array(pr * pc);
  for (let i = 0; i < pr; i++) {
    const ui = (i <= pr / 2 ? i : i - pr) / (pr * pixelSizeM);
    for (let j = 0; j < pc; j++) {
      const uj = (j <= pc / 2 ? j : j - pc) / (pc * pixelSizeM);
      filter[i * pc + j] = 1 / (1 + coef * (ui * ui + uj * uj));
    }
  }
  const re = new Float64Array(pr * pc);
  const im = new Float64Array(pr * pc);
  // separate outputs: an in-place FFT first copies its input, so out-of-place is the faster path
  const fRe = new Float64Array(pr * pc);
  const fIm = new Float64Array(pr * pc);
  const out = new Float32Array(count * rows * cols);
  const r0 = (pr - rows) >> 1;
  const c0 = (pc - cols) >> 1;
  for (let p = 0; p < count; p++) {
    const base = p * rows * cols;
    for (let i = 0; i < pr; i++) {
      const si = Math.min(rows - 1, Math.max(0, i - r0));
      for (let j = 0; j < pc; j++) {
        const sj = Math.min(cols - 1, Math.max(0, j - c0));
        re[i * pc + j] = transmission[base + si * cols + sj] as number;
      }
    }
    im.fill(0);
    plan.transform(re, im, fRe, fIm, false);
    for (let k = 0; k < fRe.length; k++) {
      fRe[k] *= filter[k] as number;
      fIm[k] *= filter[k] as number;
    }
    plan.transform(fRe, fIm, re, im, true);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const t = re[(i + r0) * pc + j + c0] as number;
        out[base + i * cols + j] = -Math.log(t > 1e-6 ? t : 1e-6);
      }
  }
  return out;
}
