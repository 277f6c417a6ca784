/**
 * The calculated pattern of a Rietveld refinement and its analytic Jacobian:
 *
 *   y_c(2θᵢ) = b(2θᵢ) + Σ_phases S_p Σ_k m_k |F_k|² Lp(θ_k) · [Ω(2θᵢ − c₁ₖ) + R·Ω(2θᵢ − c₂ₖ)]
 *
 * - b: Chebyshev polynomial Σ a_j T_j(t), t ∈ [−1, 1] over the fitted range;
 * - c₁ = 2θ(Kα1) and c₂ = 2θ(Kα2) from 1/d² = hᵀG*h of the refined cell (Bragg's law with each line's
 *   wavelength), plus the common zero shift Z and optionally a specimen-displacement term D·cos θ;
 * - Lp = (1 + cos²2θ)/(sin²θ cos θ) (unpolarised beam, no monochromator), as in the simulation;
 * - Ω: unit-area pseudo-Voigt with FWHM² = U tan²θ + V tan θ + W (Caglioti, Paoletti & Ricci,
 *   Nucl. Instrum. 3 (1958) 223) and η = η₀ + η₁·(2θ − 2θ_mid), shared by all phases;
 * - each peak is evaluated only within ±`window` FWHM of its centre.
 * The Jacobian is accumulated in the same pass over the peak windows (no per-point allocation):
 * scale, background, zero, displacement, cell (through c₁, c₂ and the width), U, V, W, η₀, η₁ and the
 * structure parameters (through ∂|F|²/∂q from {@link PhaseModel.structureFactors}). The weak dependence
 * of Lp and of f(s) on the cell is left out of the Jacobian (it is in the model).
 */
import { profileWithDerivatives } from '../models/profiles';
import type { PhaseModel } from './phase-model';

const DEG = Math.PI / 180;

export interface ModelLayout {
  iZero: number;
  iDisp: number;
  iU: number;
  iEta0: number;
  iBg: number;
  nBg: number;
  /** Per phase: index of the scale, then nCell cell parameters, then its intensity parameters. */
  phaseStart: number[];
  n: number;
}

export function makeLayout(phases: PhaseModel[], nBg: number): ModelLayout {
  const iZero = 0;
  const iDisp = 1;
  const iU = 2;
  const iEta0 = 5;
  const iBg = 7;
  let k = iBg + nBg;
  const phaseStart: number[] = [];
  for (const ph of phases) {
    phaseStart.push(k);
    k += 1 + ph.nCell + ph.intensityParams.length;
  }
  return { iZero, iDisp, iU, iEta0, iBg, nBg, phaseStart, n: k };
}

/** Per-reflection quantities of one phase at the current parameters (reused between evaluations). */
export interface ReflectionState {
  Q: Float64Array;
  F2: Float64Array;
  dF2: Float64Array;
  c1: Float64Array;
  c2: Float64Array;
  fwhm: Float64Array;
  eta: Float64Array;
  /** m·|F|²·Lp (without the scale). */
  intensity: Float64Array;
  lp: Float64Array;
}

export class RietveldModel {
  readonly m: number;
  readonly layout: ModelLayout;
  readonly states: ReflectionState[];
  private readonly chebyshev: Float64Array;
  private readonly tmp = new Float64Array(4);
  private readonly xMid: number;

  constructor(
    readonly x: Float64Array,
    readonly phases: PhaseModel[],
    readonly wavelength: number,
    readonly doublet: { lambdaRatio: number; intensityRatio: number } | undefined,
    nBg: number,
    /** Half-width of a peak's evaluation window in FWHMs. */
    readonly window: number,
  ) {
    const m = x.length;
    this.m = m;
    this.layout = makeLayout(phases, nBg);
    const x0 = x[0] as number;
    const x1 = x[m - 1] as number;
    this.xMid = (x0 + x1) / 2;
    this.chebyshev = new Float64Array(m * nBg);
    for (let i = 0; i < m; i++) {
      const t = x1 > x0 ? (2 * ((x[i] as number) - x0)) / (x1 - x0) - 1 : 0;
      let tPrev = 1;
      let tCur = t;
      for (let j = 0; j < nBg; j++) {
        const v = j === 0 ? 1 : j === 1 ? t : 2 * t * tCur - tPrev;
        if (j >= 2) {
          tPrev = tCur;
          tCur = v;
        }
        this.chebyshev[i * nBg + j] = v;
      }
    }
    this.states = phases.map((ph) => {
      const r = ph.nRefl;
      return {
        Q: new Float64Array(r),
        F2: new Float64Array(r),
        dF2: new Float64Array(r * ph.intensityParams.length),
        c1: new Float64Array(r),
        c2: new Float64Array(r),
        fwhm: new Float64Array(r),
        eta: new Float64Array(r),
        intensity: new Float64Array(r),
        lp: new Float64Array(r),
      };
    });
  }

  /** Centre of η(2θ) = η₀ + η₁·(2θ − 2θ_mid). */
  get etaCentre(): number {
    return this.xMid;
  }

  /** Chebyshev background at the parameters p. */
  background(p: ArrayLike<number>, out: Float64Array): Float64Array {
    const { iBg, nBg } = this.layout;
    for (let i = 0; i < this.m; i++) {
      let b = 0;
      for (let j = 0; j < nBg; j++) b += (p[iBg + j] as number) * (this.chebyshev[i * nBg + j] as number);
      out[i] = b;
    }
    return out;
  }

  /** Updates the reflection states of every phase for parameters p (derivatives of |F|² when `withDerivatives`). */
  updateReflections(p: ArrayLike<number>, withDerivatives: boolean): void {
    const L = this.layout;
    const lambda1 = this.wavelength;
    const lambda2 = this.doublet ? lambda1 * this.doublet.lambdaRatio : lambda1;
    const zero = p[L.iZero] as number;
    const disp = p[L.iDisp] as number;
    const U = p[L.iU] as number;
    const V = p[L.iU + 1] as number;
    const W = p[L.iU + 2] as number;
    const eta0 = p[L.iEta0] as number;
    const eta1 = p[L.iEta0 + 1] as number;
    this.phases.forEach((ph, k) => {
      const st = this.states[k] as ReflectionState;
      const base = L.phaseStart[k] as number;
      const nc = ph.nCell;
      for (let r = 0; r < ph.nRefl; r++) {
        let q = 0;
        for (let c = 0; c < nc; c++) q += (ph.design[r * nc + c] as number) * (p[base + 1 + c] as number);
        st.Q[r] = q > 0 ? q : 1e-12;
      }
      const ip = (p as Float64Array).subarray
        ? (p as Float64Array).subarray(base + 1 + nc, base + 1 + nc + ph.intensityParams.length)
        : Array.from(p).slice(base + 1 + nc);
      ph.structureFactors(st.Q, ip, st.F2, withDerivatives ? st.dF2 : null);
      for (let r = 0; r < ph.nRefl; r++) {
        const sq = Math.sqrt(st.Q[r] as number);
        const s1 = (lambda1 * sq) / 2;
        const s2 = (lambda2 * sq) / 2;
        if (!(s1 < 1)) {
          st.c1[r] = Number.NaN;
          st.c2[r] = Number.NaN;
          st.intensity[r] = 0;
          continue;
        }
        const th1 = Math.asin(s1);
        const cos1 = Math.cos(th1);
        const shift = zero + disp * cos1;
        st.c1[r] = (2 * th1) / DEG + shift;
        st.c2[r] = s2 < 1 ? (2 * Math.asin(s2)) / DEG + shift : Number.NaN;
        const t = s1 / cos1;
        st.fwhm[r] = Math.sqrt(Math.max(U * t * t + V * t + W, 1e-10));
        const e = eta0 + eta1 * ((st.c1[r] as number) - this.xMid);
        st.eta[r] = e < 0 ? 0 : e > 1 ? 1 : e;
        const cos2t = 1 - 2 * s1 * s1;
        st.lp[r] = (1 + cos2t * cos2t) / (s1 * s1 * cos1);
        st.intensity[r] = (ph.multiplicity[r] as number) * (st.F2[r] as number) * (st.lp[r] as number);
      }
    });
  }

  /**
   * Calculated pattern into `out`; when J (m × n, row-major) is given, its Jacobian; when
   * `phaseOut` is given, each phase's contribution (without background).
   */
  evaluate(p: ArrayLike<number>, out: Float64Array, J?: Float64Array, phaseOut?: Float64Array[]): void {
    const L = this.layout;
    const n = L.n;
    const m = this.m;
    const x = this.x;
    this.updateReflections(p, J !== undefined);
    this.background(p, out);
    if (J) {
      J.fill(0);
      const nBg = L.nBg;
      for (let i = 0; i < m; i++) for (let j = 0; j < nBg; j++) J[i * n + L.iBg + j] = this.chebyshev[i * nBg + j] as number;
    }
    const ratio = this.doublet?.intensityRatio ?? 0;
    const lambda1 = this.wavelength;
    const lambda2 = this.doublet ? lambda1 * this.doublet.lambdaRatio : lambda1;
    const U = p[L.iU] as number;
    const V = p[L.iU + 1] as number;
    const disp = p[L.iDisp] as number;
    const eta1 = p[L.iEta0 + 1] as number;
    const tmp = this.tmp;
    const x0 = x[0] as number;
    const x1 = x[m - 1] as number;
    this.phases.forEach((ph, k) => {
      const st = this.states[k] as ReflectionState;
      const base = L.phaseStart[k] as number;
      const nc = ph.nCell;
      const S = p[base] as number;
      const np = ph.intensityParams.length;
      const iInt = base + 1 + nc;
      const curve = phaseOut?.[k];
      if (curve) curve.fill(0);
      for (let r = 0; r < ph.nRefl; r++) {
        const I = st.intensity[r] as number;
        const w = st.fwhm[r] as number;
        const half = this.window * w;
        const c1 = st.c1[r] as number;
        if (!Number.isFinite(c1) || c1 - half > x1) continue;
        const c2 = st.c2[r] as number;
        if ((ratio > 0 && Number.isFinite(c2) ? Math.max(c1, c2) : c1) + half < x0) continue;
        const eta = st.eta[r] as number;
        const etaFree = eta > 0 && eta < 1;
        // Derivatives of c₁, c₂ and w with respect to Q = 1/d² (per unit Q).
        const sq = Math.sqrt(st.Q[r] as number);
        const s1 = (lambda1 * sq) / 2;
        const cos1 = Math.sqrt(1 - s1 * s1);
        const dth1 = lambda1 / (4 * sq * cos1);
        const s2 = (lambda2 * sq) / 2;
        const dth2 = s2 < 1 ? lambda2 / (4 * sq * Math.sqrt(1 - s2 * s2)) : 0;
        const dShiftdQ = -disp * s1 * dth1; // from the D·cos θ term (degrees per unit Q)
        const dc1dQ = (2 * dth1) / DEG + dShiftdQ;
        const dc2dQ = (2 * dth2) / DEG + dShiftdQ;
        const t = s1 / cos1;
        const dwdQ = (((2 * U * t + V) / (cos1 * cos1)) * dth1) / (2 * w);
        for (let comp = 0; comp < (ratio > 0 ? 2 : 1); comp++) {
          const c = comp === 0 ? c1 : c2;
          if (!Number.isFinite(c)) continue;
          const rr = comp === 0 ? 1 : ratio;
          const A = S * I * rr;
          const dcdQ = comp === 0 ? dc1dQ : dc2dQ;
          const lo = lowerBound(x, c - half);
          const hi = lowerBound(x, c + half);
          for (let i = lo; i < hi; i++) {
            profileWithDerivatives('pseudo-voigt', (x[i] as number) - c, w, eta, tmp);
            const val = tmp[0] as number;
            out[i] = (out[i] as number) + A * val;
            if (curve) curve[i] = (curve[i] as number) + A * val;
            if (!J) continue;
            const row = i * n;
            const dc = A * (tmp[1] as number);
            const dw = A * (tmp[2] as number);
            const de = etaFree ? A * (tmp[3] as number) : 0;
            J[row + base] = (J[row + base] as number) + I * rr * val;
            J[row + L.iZero] = (J[row + L.iZero] as number) + dc + de * eta1;
            J[row + L.iDisp] = (J[row + L.iDisp] as number) + (dc + de * eta1) * cos1;
            const dwdW = dw / (2 * w);
            J[row + L.iU] = (J[row + L.iU] as number) + dwdW * t * t;
            J[row + L.iU + 1] = (J[row + L.iU + 1] as number) + dwdW * t;
            J[row + L.iU + 2] = (J[row + L.iU + 2] as number) + dwdW;
            J[row + L.iEta0] = (J[row + L.iEta0] as number) + de;
            J[row + L.iEta0 + 1] = (J[row + L.iEta0 + 1] as number) + de * (c1 - this.xMid);
            const perQ = dc * dcdQ + dw * dwdQ + de * eta1 * dc1dQ;
            for (let cc = 0; cc < nc; cc++) J[row + base + 1 + cc] = (J[row + base + 1 + cc] as number) + perQ * (ph.design[r * nc + cc] as number);
            if (np) {
              const f = S * rr * val * (ph.multiplicity[r] as number) * (st.lp[r] as number);
              for (let q = 0; q < np; q++) J[row + iInt + q] = (J[row + iInt + q] as number) + f * (st.dF2[r * np + q] as number);
            }
          }
        }
      }
    });
  }

  /**
   * Rietveld's partition of the observed net intensity among reflections:
   * I_obs,k = Σᵢ c_ik·(yᵢ − bᵢ)/(y_c,i − bᵢ), with c_ik the calculated contribution of reflection k at
   * point i (both Kα lines); I_calc,k = Σᵢ c_ik on the same points. Call after {@link evaluate}.
   */
  partition(p: ArrayLike<number>, y: Float64Array, calc: Float64Array, bg: Float64Array, phase: number): { iObs: Float64Array; iCalc: Float64Array } {
    const ph = this.phases[phase] as PhaseModel;
    const st = this.states[phase] as ReflectionState;
    const S = p[this.layout.phaseStart[phase] as number] as number;
    const ratio = this.doublet?.intensityRatio ?? 0;
    const iObs = new Float64Array(ph.nRefl);
    const iCalc = new Float64Array(ph.nRefl);
    const x = this.x;
    for (let r = 0; r < ph.nRefl; r++) {
      const w = st.fwhm[r] as number;
      const half = this.window * w;
      for (let comp = 0; comp < (ratio > 0 ? 2 : 1); comp++) {
        const c = comp === 0 ? (st.c1[r] as number) : (st.c2[r] as number);
        if (!Number.isFinite(c)) continue;
        const A = S * (st.intensity[r] as number) * (comp === 0 ? 1 : ratio);
        const lo = lowerBound(x, c - half);
        const hi = lowerBound(x, c + half);
        for (let i = lo; i < hi; i++) {
          const contrib = A * profileValueFast((x[i] as number) - c, w, st.eta[r] as number, this.tmp);
          iCalc[r] = (iCalc[r] as number) + contrib;
          const net = (calc[i] as number) - (bg[i] as number);
          if (net > 0) iObs[r] = (iObs[r] as number) + (contrib * ((y[i] as number) - (bg[i] as number))) / net;
        }
      }
    }
    return { iObs, iCalc };
  }
}

function profileValueFast(u: number, w: number, eta: number, tmp: Float64Array): number {
  profileWithDerivatives('pseudo-voigt', u, w, eta, tmp);
  return tmp[0] as number;
}

/** First index with x[i] ≥ v (x ascending). */
export function lowerBound(x: Float64Array, v: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((x[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
