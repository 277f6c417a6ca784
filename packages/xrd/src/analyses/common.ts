import { type AnalysisContext, type Dataset, InputError, ParamsError } from '@ionscope/core';
import type { Doublet } from '../peaks/fit';
import { searchPeaks } from '../peaks/search';
import { patternArrays, radiationOf, type Radiation, twoThetaOf } from '../kinds';
import { ANODE_WAVELENGTHS, DEFAULT_KALPHA2_RATIO, normalizeAnode } from '../wavelengths';

export type DoubletMode = 'auto' | 'on' | 'off';

/** Kα1/Kα2 lines of a pattern: from the file, else from its anode, else Cu when forced. */
export function kAlphaLines(r: Radiation): { k1: number; k2: number; ratio: number } | undefined {
  if (r.kAlpha1 && r.kAlpha2) return { k1: r.kAlpha1, k2: r.kAlpha2, ratio: r.kAlpha2Ratio ?? DEFAULT_KALPHA2_RATIO };
  const anode = r.anode ? normalizeAnode(r.anode) : undefined;
  const lines = anode ? ANODE_WAVELENGTHS[anode] : undefined;
  return lines ? { k1: lines.kAlpha1, k2: lines.kAlpha2, ratio: r.kAlpha2Ratio ?? DEFAULT_KALPHA2_RATIO } : undefined;
}

/** The doublet model to use, with a warning when it had to be assumed. */
export function resolveDoublet(r: Radiation, mode: DoubletMode, ctx: AnalysisContext): Doublet | undefined {
  if (mode === 'off' || r.probe === 'neutron' || r.probe === 'synchrotron') return undefined;
  const lines = kAlphaLines(r);
  if (lines) return { lambdaRatio: lines.k2 / lines.k1, intensityRatio: lines.ratio };
  if (mode === 'on') {
    ctx.warn('no Kα lines in the file: assuming Cu Kα1/Kα2 (Bearden 1967) with ratio 0.5');
    const cu = ANODE_WAVELENGTHS.Cu as { kAlpha1: number; kAlpha2: number };
    return { lambdaRatio: cu.kAlpha2 / cu.kAlpha1, intensityRatio: DEFAULT_KALPHA2_RATIO };
  }
  return undefined;
}

/** The wavelength for d-spacings and simulations of a measured pattern (Kα1 when a doublet is known). */
export function patternWavelength(r: Radiation, override: number | undefined, ctx: AnalysisContext): number {
  if (override) return override;
  const lines = kAlphaLines(r);
  const wl = lines?.k1 ?? r.wavelength;
  if (wl) return wl;
  ctx.warn('no wavelength in the file: assuming Cu Kα1 1.540562 Å; give --param wavelength=... if wrong');
  return (ANODE_WAVELENGTHS.Cu as { kAlpha1: number }).kAlpha1;
}

/** 2θ axis, intensities and σ of a pattern input. */
export function patternInput(ds: Dataset, wavelength?: number) {
  if (ds.kind !== 'xrd.pattern') throw new InputError(`expected an xrd.pattern, got ${ds.kind}`, { field: 'input' });
  const { y, sigma } = patternArrays(ds);
  const x = twoThetaOf(ds, wavelength);
  return { x, y, sigma: sigma ?? y.map((v) => Math.sqrt(Math.max(v, 1))), radiation: radiationOf(ds) };
}

export const q = (value: number, unit: string, stderr?: number) => ({
  value: Number.isFinite(value) ? value : null,
  unit,
  ...(stderr !== undefined ? { stderr: Number.isFinite(stderr) ? stderr : null } : {}),
});

export function dFromTwoTheta(tth: number, wavelength: number): number {
  return wavelength / (2 * Math.sin((tth * Math.PI) / 360));
}

/** σ(d) from σ(2θ): |∂d/∂(2θ)| = d·cot θ / 2 per radian. */
export function dStderr(tth: number, sigmaTth: number, wavelength: number): number {
  const th = (tth * Math.PI) / 360;
  return ((dFromTwoTheta(tth, wavelength) / Math.tan(th)) * ((sigmaTth * Math.PI) / 180)) / 2;
}

/**
 * Index range [i0, i1) of the points inside `range` (2θ, either order); the whole pattern without
 * one. Fewer than `minPoints` inside is a ParamsError naming `range`.
 */
export function patternRange(x: Float64Array, range: number[] | undefined, minPoints = 10): [number, number] {
  let i0 = 0;
  let i1 = x.length;
  if (!range) return [i0, i1];
  const [lo, hi] = [Math.min(...range), Math.max(...range)];
  while (i0 < i1 && (x[i0] as number) < lo) i0++;
  while (i1 > i0 && (x[i1 - 1] as number) > hi) i1--;
  if (i1 - i0 < minPoints)
    throw new ParamsError(`the 2θ range holds fewer than ${minPoints} points of the pattern`, {
      field: 'range',
      expected: `a range overlapping the pattern (${x[0]?.toFixed(3)}–${x[x.length - 1]?.toFixed(3)}°)`,
      found: JSON.stringify(range),
    });
  return [i0, i1];
}

/**
 * A starting FWHM (°) for whole-pattern fits: the `quantile` of the widths of the eight strongest
 * peaks found (significance ≥ 10σ), at least `floor`; 0.1° when none is found.
 */
export function startingFwhm(x: Float64Array, y: Float64Array, sigma: Float64Array, quantile: number, floor: number): number {
  const widths = searchPeaks(x, y, { sigma, minSignificance: 10 })
    .peaks.sort((a, b) => b.height - a.height)
    .slice(0, 8)
    .map((p) => p.fwhm)
    .sort((a, b) => a - b);
  return widths.length ? Math.max(floor, widths[Math.floor(widths.length * quantile)] as number) : 0.1;
}
