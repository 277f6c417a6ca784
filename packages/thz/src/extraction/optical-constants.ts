/**
 * Optical constants of the unknown layer of a stack (a free-standing slab by default) from a
 * reference/sample pair: measured transfer function → per-frequency complex index, with
 * Fabry–Pérot echoes counted from the time window, noise-propagated uncertainties, dynamic range
 * and α_max. Pure function of arrays; the analysis wraps it into a dataset.
 */
import { SPEED_OF_LIGHT, VACUUM_PERMITTIVITY } from '../constants';
import { type ComplexIndex, knownIndex, type LayerStack } from '../layer-stack';
import { StackTransfer } from '../models/stack-transfer';
import { alphaMax } from '../spectra/dynamic-range';
import type { WaveformArrays } from '../waveform';
import { type PairOptions, type PairSpectra, pairSpectra } from './pair-spectra';
import { solveIndex } from './solve-index';
import { TransferModel } from './transfer-model';

export type ExtractionMethod = 'fabry-perot' | 'no-echo';

export interface ExtractionOptions extends PairOptions {
  stack: LayerStack;
  method: ExtractionMethod;
  /** Echoes kept in the unknown layer: 'auto' from the time window, or a count. */
  echoes: 'auto' | number;
  /** Margin (ps) an echo must keep from the end of the window to count as inside it. */
  echoMargin: number;
  /** High-frequency permittivity subtracted when converting ε to σ (default 1: σ of the medium vs vacuum). */
  epsInfinity: number;
  signal?: AbortSignal;
}

export interface OpticalConstants {
  frequency: Float64Array;
  n: Float64Array;
  kappa: Float64Array;
  /** cm⁻¹ */
  alpha: Float64Array;
  nStd: Float64Array;
  kappaStd: Float64Array;
  alphaStd: Float64Array;
  eps1: Float64Array;
  eps2: Float64Array;
  /** S/m */
  sigma1: Float64Array;
  sigma2: Float64Array;
  sigmaStd: Float64Array;
  alphaMax: Float64Array;
  dynamicRange: Float64Array;
  converged: Uint8Array;
  /** Echoes kept per medium of the sample stack (Infinity = coherent). */
  echoes: number[];
  thickness: number;
  spectra: PairSpectra;
  iterations: number;
}

const AIR: ComplexIndex = { re: 1, im: 0 };

/** Closed-form no-echo estimate (Fresnel losses with real n): the usual first guess. */
export function analyticSlab(
  omega: Float64Array,
  lnAbsH: Float64Array,
  phase: Float64Array,
  thickness: number,
  ambient = 1,
): { n: Float64Array; kappa: Float64Array } {
  const m = omega.length;
  const n = new Float64Array(m);
  const kappa = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const k0d = ((omega[i] as number) * thickness) / SPEED_OF_LIGHT;
    const ni = ambient + (phase[i] as number) / k0d;
    n[i] = ni;
    kappa[i] = (Math.log((4 * ni * ambient) / (ni + ambient) ** 2) - (lnAbsH[i] as number)) / k0d;
  }
  return { n, kappa };
}

/**
 * Thin-layer first guess (|ñ|ωd/c ≪ 1): the layer between media n_a and n_b changes the
 * transmission by H ≈ (n_a + n_b)/(n_a + n_b − i k0 d (n_a n_b + ñ²)), solved for ñ.
 */
function thinLayerGuess(omega: number, hRe: number, hIm: number, d: number, na: number, nb: number): ComplexIndex {
  const k0d = (omega * d) / SPEED_OF_LIGHT;
  // 1/H
  const den = hRe * hRe + hIm * hIm;
  const iRe = hRe / den;
  const iIm = -hIm / den;
  // ñ² = (n_a + n_b)(1 − 1/H)/(i k0 d) − n_a n_b ; 1/(i x) = −i/x
  const aRe = (na + nb) * (1 - iRe);
  const aIm = (na + nb) * -iIm;
  const e2Re = aIm / k0d - na * nb;
  const e2Im = -aRe / k0d;
  // principal square root, then choose Im ≥ 0
  const mod = Math.hypot(e2Re, e2Im);
  let re = Math.sqrt(Math.max(0, (mod + e2Re) / 2));
  let im = Math.sign(e2Im || 1) * Math.sqrt(Math.max(0, (mod - e2Re) / 2));
  if (im < 0) {
    re = -re;
    im = -im;
  }
  return { re: Math.max(re, 1e-3), im };
}

/** Echo count of a layer: how many round trips fit between the main pulse and the window end. */
export function echoesInWindow(peakTime: number, windowEnd: number, n: number, thickness: number, margin: number): number {
  const roundTrip = (2 * n * thickness * 1e12) / SPEED_OF_LIGHT;
  if (!(roundTrip > 0)) return Number.POSITIVE_INFINITY;
  const k = Math.floor((windowEnd - margin - peakTime) / roundTrip);
  if (k > 50) return Number.POSITIVE_INFINITY;
  return Math.max(0, k);
}

function stackSpec(layers: LayerStack['sample'], unknown: number, echoes: number[]) {
  return {
    n: layers.map((l) => (l.n === 'solve' ? AIR : l.n)),
    d: layers.map((l) => l.thickness),
    echoes,
    unknown,
  };
}

export function extractOpticalConstants(reference: WaveformArrays, sample: WaveformArrays, options: ExtractionOptions): OpticalConstants {
  const spectra = pairSpectra(reference, sample, options);
  return solveOnSpectra(spectra, options);
}

/** The index extraction on already computed spectra (reused by thickness refinement). */
export function solveOnSpectra(spectra: PairSpectra, options: ExtractionOptions): OpticalConstants {
  const { stack } = options;
  const u = stack.unknown;
  const layers = stack.sample;
  const d = (layers[u] as { thickness: number }).thickness;
  const ambient = knownIndex(layers[0]).re;
  const { omega, lnAbsH, phase } = spectra;
  const m = omega.length;

  // First guess: slab formula, or the thin-layer formula when the layer is optically thin.
  const guess = analyticSlab(omega, lnAbsH, phase, d, ambient);
  const mid = Math.floor(m / 2);
  const thin = ((omega[mid] as number) * d * Math.abs(guess.n[mid] as number)) / SPEED_OF_LIGHT < 0.1;
  if (thin) {
    const na = knownIndex(layers[u - 1]).re;
    const nb = knownIndex(layers[u + 1]).re;
    for (let i = 0; i < m; i++) {
      const hr = Math.exp(lnAbsH[i] as number);
      const g = thinLayerGuess(omega[i] as number, hr * Math.cos(phase[i] as number), hr * Math.sin(phase[i] as number), d, na, nb);
      guess.n[i] = g.re;
      guess.kappa[i] = g.im;
    }
  }

  // Echoes per medium from the window (sample trace end vs its peak); unknown layer uses mean n.
  let nMean = 0;
  let count = 0;
  for (let i = 0; i < m; i++) {
    if (Number.isFinite(guess.n[i] as number)) {
      nMean += guess.n[i] as number;
      count++;
    }
  }
  nMean = count ? nMean / count : 1;
  const sampleEnd = lastNonZero(spectra.sample.time, spectra.sample.weights);
  const refEnd = lastNonZero(spectra.reference.time, spectra.reference.weights);
  const echoCounts = layers.map((l, i) => {
    if (i === 0 || i === layers.length - 1) return 0;
    if (options.method === 'no-echo') return 0;
    if (i === u && options.echoes !== 'auto') return options.echoes;
    const n = l.n === 'solve' ? nMean : l.n.re;
    return echoesInWindow(spectra.sample.peakTime, sampleEnd, n, l.thickness, options.echoMargin);
  });
  const refEchoes = (stack.reference ?? []).map((l, i, all) => {
    if (i === 0 || i === all.length - 1 || options.method === 'no-echo') return 0;
    return echoesInWindow(spectra.reference.peakTime, refEnd, (l.n as ComplexIndex).re, l.thickness, options.echoMargin);
  });
  const model = new TransferModel(
    new StackTransfer(stackSpec(layers, u, echoCounts)),
    stack.reference ? new StackTransfer(stackSpec(stack.reference, -1, refEchoes)) : undefined,
    ambient,
  );

  const solved =
    options.method === 'no-echo' && !thin && stack.sample.length === 3 && !stack.reference
      ? analyticSolution(omega, guess.n, guess.kappa, d, ambient)
      : solveIndex(model, omega, lnAbsH, phase, guess.n, guess.kappa, { signal: options.signal });
  const out: OpticalConstants = {
    frequency: spectra.frequency,
    n: solved.nRe,
    kappa: solved.nIm,
    alpha: new Float64Array(m),
    nStd: new Float64Array(m),
    kappaStd: new Float64Array(m),
    alphaStd: new Float64Array(m),
    eps1: new Float64Array(m),
    eps2: new Float64Array(m),
    sigma1: new Float64Array(m),
    sigma2: new Float64Array(m),
    sigmaStd: new Float64Array(m),
    alphaMax: new Float64Array(m),
    dynamicRange: spectra.bandDynamicRange,
    converged: solved.converged,
    echoes: echoCounts,
    thickness: d,
    spectra,
    iterations: solved.iterations,
  };
  for (let i = 0; i < m; i++) {
    const w = omega[i] as number;
    const n = solved.nRe[i] as number;
    const k = solved.nIm[i] as number;
    out.alpha[i] = (2 * w * k) / SPEED_OF_LIGHT / 100;
    // δñ = δ(ln H)/g with isotropic δ ln H: σ_n = σ_κ = √Var / |g|
    const sd = Math.sqrt(spectra.lnHVariance[i] as number) / Math.hypot(solved.gRe[i] as number, solved.gIm[i] as number);
    out.nStd[i] = sd;
    out.kappaStd[i] = sd;
    out.alphaStd[i] = (2 * w * sd) / SPEED_OF_LIGHT / 100;
    const e1 = n * n - k * k;
    const e2 = 2 * n * k;
    out.eps1[i] = e1;
    out.eps2[i] = e2;
    // σ = −iε0ω(ε − ε∞) → σ1 = ε0ωε2, σ2 = −ε0ω(ε1 − ε∞)
    out.sigma1[i] = VACUUM_PERMITTIVITY * w * e2;
    out.sigma2[i] = -VACUUM_PERMITTIVITY * w * (e1 - options.epsInfinity);
    // |dε/dñ| = 2|ñ| → σ_ε = 2|ñ|σ_ñ per component
    out.sigmaStd[i] = VACUUM_PERMITTIVITY * w * 2 * Math.hypot(n, k) * sd;
    out.alphaMax[i] = alphaMax(spectra.bandDynamicRange[i] as number, Number.isFinite(n) ? n : 1, d);
  }
  return out;
}

/**
 * The analytic no-echo solution as a solve result: ñ from the closed form, and the derivative of
 * ln H = ln(4ñn_a/(ñ + n_a)²) + i(ñ − n_a)ωd/c for error propagation.
 */
function analyticSolution(omega: Float64Array, n: Float64Array, kappa: Float64Array, d: number, ambient: number) {
  const m = omega.length;
  const gRe = new Float64Array(m);
  const gIm = new Float64Array(m);
  const converged = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    // d/dñ [ln ñ − 2 ln(ñ + n_a)] + i k0 d = 1/ñ − 2/(ñ + n_a) + i k0 d
    const a = n[i] as number;
    const b = kappa[i] as number;
    const m1 = a * a + b * b;
    const p = a + ambient;
    const m2 = p * p + b * b;
    gRe[i] = a / m1 - (2 * p) / m2;
    gIm[i] = -b / m1 + (2 * b) / m2 + ((omega[i] as number) * d) / SPEED_OF_LIGHT;
    converged[i] = Number.isFinite(a) && Number.isFinite(b) ? 1 : 0;
  }
  return { nRe: n, nIm: kappa, gRe, gIm, residual: new Float64Array(m), converged, iterations: 0 };
}

function lastNonZero(time: Float64Array, weights: Float64Array): number {
  for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return time[i] as number;
  return time[time.length - 1] as number;
}
