/**
 * Thickness refinement by total variation (Dorney, Baraniuk & Mittleman, JOSA A 18, 1562 (2001);
 * Duvillaret, Garet & Coutaz, Appl. Opt. 38, 409 (1999); Pupeza et al., Opt. Express 15, 4335
 * (2007)): a wrong thickness leaves the Fabry–Pérot echoes partly uncancelled, which shows as
 * oscillations of n(ω) and κ(ω) with the echo period. The thickness that minimises
 * TV = Σ |n_{i+1} − n_i| + |κ_{i+1} − κ_i| over the band is the best estimate.
 */
import type { LayerStack } from '../layer-stack';
import type { PairSpectra } from './pair-spectra';
import { type ExtractionOptions, type OpticalConstants, solveOnSpectra } from './optical-constants';

export interface ThicknessRefinement {
  thickness: number;
  totalVariation: number;
  /** Scan: thickness (m) and TV. */
  scan: { thickness: number; totalVariation: number }[];
  result: OpticalConstants;
}

export function totalVariation(n: Float64Array, kappa: Float64Array): number {
  let tv = 0;
  for (let i = 1; i < n.length; i++) {
    const dn = Math.abs((n[i] as number) - (n[i - 1] as number)) + Math.abs((kappa[i] as number) - (kappa[i - 1] as number));
    if (Number.isFinite(dn)) tv += dn;
  }
  return tv;
}

function withThickness(stack: LayerStack, d: number): LayerStack {
  return { ...stack, sample: stack.sample.map((l, i) => (i === stack.unknown ? { ...l, thickness: d } : l)) };
}

/** Coarse scan over ±`range` (fraction) of the nominal thickness, then golden-section search. */
export function refineThickness(spectra: PairSpectra, options: ExtractionOptions, range: number, points = 21): ThicknessRefinement {
  const d0 = (options.stack.sample[options.stack.unknown] as { thickness: number }).thickness;
  const evaluate = (d: number) => {
    const result = solveOnSpectra(spectra, { ...options, stack: withThickness(options.stack, d) });
    return { result, tv: totalVariation(result.n, result.kappa) };
  };
  const scan: { thickness: number; totalVariation: number }[] = [];
  let best = 0;
  for (let i = 0; i < points; i++) {
    const d = d0 * (1 - range + (2 * range * i) / (points - 1));
    const tv = evaluate(d).tv;
    scan.push({ thickness: d, totalVariation: tv });
    if (tv < (scan[best] as { totalVariation: number }).totalVariation) best = i;
  }
  let lo = (scan[Math.max(0, best - 1)] as { thickness: number }).thickness;
  let hi = (scan[Math.min(points - 1, best + 1)] as { thickness: number }).thickness;
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = evaluate(x1).tv;
  let f2 = evaluate(x2).tv;
  for (let it = 0; it < 25 && hi - lo > 1e-5 * d0; it++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = evaluate(x1).tv;
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = evaluate(x2).tv;
    }
  }
  const thickness = 0.5 * (lo + hi);
  const final = evaluate(thickness);
  return { thickness, totalVariation: final.tv, scan, result: final.result };
}
