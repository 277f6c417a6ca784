/**
 * `thz.fit-model`: fits Drude, Drude–Smith, Lorentz-oscillator, Debye-relaxation and background
 * components to a complex conductivity spectrum (from thz.thin-film, thz.optical-constants or
 * thz.pump-probe) by Levenberg–Marquardt on the stacked real and imaginary parts, weighted by the
 * spectrum's uncertainties, and reports the parameters with standard errors and the derived
 * physics: DC conductivity, scattering time, plasma frequency, carrier density and mobility (with
 * an effective mass), phonon/rattling-mode frequencies, relaxation times.
 */
import {
  type AnalysisContribution,
  coordValues,
  createDataset,
  type Dataset,
  DataError,
  dimCoord,
  type JsonValue,
  NumericalError,
  ParamsError,
  quantityParam,
  variable,
  z,
} from '@ionscope/core';
import { complexResidualProblem, type FitResult, levenbergMarquardt } from '@ionscope/numerics';
import { ELECTRON_MASS, ELEMENTARY_CHARGE, VACUUM_PERMITTIVITY } from '../constants';
import { KIND } from '../kinds';
import { buildModel, type CompositeModel, parseModel } from '../models/conductivity-model';

export const fitModelParams = z.object({
  model: z.string().default('drude').describe('components joined by +: drude, drude-smith, lorentz, debye, background (e.g. drude+lorentz*2)'),
  fMin: quantityParam('THz', { description: 'fit band start', min: 0 }).optional(),
  fMax: quantityParam('THz', { description: 'fit band end', positive: true }).optional(),
  initial: z.record(z.string(), z.number()).default({}).describe('starting values by parameter name (e.g. {"drude.tau": 30})'),
  fixed: z.array(z.string()).default([]).describe('parameter names held at their starting values'),
  weighted: z.boolean().default(true).describe('weight residuals by 1/σ from the spectrum uncertainties'),
  effectiveMass: z.number().positive().optional().describe('carrier effective mass in electron masses (gives carrier density and mobility)'),
  starts: z.number().int().min(1).max(64).default(8).describe('random restarts of the fit (the best χ² is kept)'),
});

export type FitModelParams = z.output<typeof fitModelParams>;

interface Spectrum {
  nu: Float64Array;
  re: Float64Array;
  im: Float64Array;
  std?: Float64Array;
  sheet: boolean;
}

/** The conductivity spectrum (σ in S/m, or sheet σ_s in S) of an input dataset, masked points removed. */
export function conductivityOf(ds: Dataset, fMin?: number, fMax?: number): Spectrum {
  const fc = dimCoord(ds, 'frequency');
  const bulk = ds.data.sigma1 && ds.data.sigma2;
  const r = bulk ? ds.data.sigma1 : ds.data.sheet1;
  const i = bulk ? ds.data.sigma2 : ds.data.sheet2;
  if (!fc || !r || !i || r.dims.length !== 1) {
    throw new DataError('the input has no 1-D conductivity spectrum', { field: 'data', expected: 'sigma1/sigma2 (S/m) or sheet1/sheet2 (S) over frequency' });
  }
  const nu = coordValues(fc);
  const masked = ds.masks?.unreliable?.values;
  const keep: number[] = [];
  for (let k = 0; k < nu.length; k++) {
    const f = nu[k] as number;
    if (masked?.[k]) continue;
    if (fMin !== undefined && f < fMin) continue;
    if (fMax !== undefined && f > fMax) continue;
    if (!Number.isFinite(r.values[k] as number) || !Number.isFinite(i.values[k] as number)) continue;
    keep.push(k);
  }
  const pick = (a: ArrayLike<number>) => Float64Array.from(keep, (k) => a[k] as number);
  const variances = r.variances;
  return {
    nu: pick(nu),
    re: pick(r.values),
    im: pick(i.values),
    ...(variances ? { std: Float64Array.from(keep, (k) => Math.sqrt(variances[k] as number)) } : {}),
    sheet: !bulk,
  };
}

function median(values: number[]): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Physically motivated starting values for every component. */
export function initialGuess(model: CompositeModel, s: Spectrum): Float64Array {
  const p = new Float64Array(model.params.length);
  const w = (nu: number) => 2 * Math.PI * nu * 1e12;
  const maxRe = Math.max(...s.re.map(Math.abs), 1e-30);
  const mid = s.nu[Math.floor(s.nu.length / 2)] ?? 1;
  // σ1 peaks for Lorentz centres, largest first
  const peaks: number[] = [];
  for (let k = 1; k < s.re.length - 1; k++) if ((s.re[k] as number) > (s.re[k - 1] as number) && (s.re[k] as number) >= (s.re[k + 1] as number)) peaks.push(k);
  peaks.sort((a, b) => (s.re[b] as number) - (s.re[a] as number));
  let lorentzSeen = 0;
  model.params.forEach((def, j) => {
    const kind = model.components[def.component];
    const leaf = def.name.split('.')[1];
    if (kind === 'drude' || kind === 'drude-smith') {
      const ratios: number[] = [];
      for (let k = 0; k < s.nu.length; k++) if ((s.re[k] as number) > 0) ratios.push((s.im[k] as number) / (s.re[k] as number) / w(s.nu[k] as number));
      const tauS = median(ratios);
      const tau = kind === 'drude' && tauS > 1e-15 && tauS < 2e-12 ? tauS * 1e15 : 30;
      if (leaf === 'tau') p[j] = tau;
      if (leaf === 'sigma0') {
        const x = w(s.nu[0] ?? mid) * tau * 1e-15;
        p[j] = Math.max(1e-30, (s.re[0] ?? maxRe) * (1 + x * x) * (kind === 'drude-smith' ? 2 : 1));
      }
      if (leaf === 'c') p[j] = -0.5;
    } else if (kind === 'lorentz') {
      const peak = peaks[lorentzSeen] ?? Math.floor(((lorentzSeen + 1) * s.nu.length) / (model.components.filter((c) => c === 'lorentz').length + 1));
      const nu0 = s.nu[peak] ?? mid;
      const gamma = 0.2;
      if (leaf === 'nu0') p[j] = nu0;
      if (leaf === 'gamma') {
        p[j] = gamma;
        lorentzSeen++;
      }
      if (leaf?.startsWith('deltaEps')) p[j] = Math.max(1e-12, ((s.re[peak] ?? maxRe) * gamma) / (VACUUM_PERMITTIVITY * 2 * Math.PI * 1e12 * nu0 * nu0));
    } else if (kind === 'debye') {
      if (leaf === 'tau') p[j] = 159 / mid;
      if (leaf?.startsWith('deltaEps')) p[j] = (2 * maxRe) / (VACUUM_PERMITTIVITY * w(mid));
    } else {
      p[j] = 0;
    }
  });
  return p;
}

interface Derived {
  name: string;
  unit: string;
  value: number;
  stderr: number;
}

/** Derived physics with errors propagated through the covariance (numeric gradient). */
function derivedQuantities(model: CompositeModel, fit: FitResult, sheet: boolean, effectiveMass?: number): Derived[] {
  const out: Derived[] = [];
  const n = fit.params.length;
  const propagate = (name: string, unit: string, f: (p: Float64Array) => number) => {
    const p = Float64Array.from(fit.params);
    const value = f(p);
    let variance = 0;
    const g = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const h = 1e-6 * Math.max(Math.abs(p[j] as number), 1e-12);
      const q = Float64Array.from(p);
      q[j] = (q[j] as number) + h;
      g[j] = (f(q) - value) / h;
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) variance += (g[a] as number) * (g[b] as number) * (fit.covariance[a * n + b] as number);
    out.push({ name, unit, value, stderr: Math.sqrt(Math.max(0, variance)) });
  };
  const idx = (name: string) => model.params.findIndex((d) => d.name === name);
  const labels = [...new Set(model.params.map((d) => d.name.split('.')[0] as string))];
  for (const label of labels) {
    const kind = model.components[(model.params.find((d) => d.name.startsWith(`${label}.`)) as { component: number }).component];
    const s0 = idx(`${label}.sigma0`);
    const tau = idx(`${label}.tau`);
    if (kind === 'drude' || kind === 'drude-smith') {
      const c = idx(`${label}.c`);
      propagate(`${label}.dcConductivity`, sheet ? 'S' : 'S/m', (p) => (p[s0] as number) * (c >= 0 ? 1 + (p[c] as number) : 1));
      propagate(`${label}.scatteringTime`, 'fs', (p) => p[tau] as number);
      if (!sheet) {
        propagate(
          `${label}.plasmaFrequency`,
          'THz',
          (p) => Math.sqrt((p[s0] as number) / (VACUUM_PERMITTIVITY * (p[tau] as number) * 1e-15)) / (2 * Math.PI) / 1e12,
        );
        if (effectiveMass) {
          const mass = effectiveMass * ELECTRON_MASS;
          propagate(`${label}.carrierDensity`, 'cm^-3', (p) => ((p[s0] as number) * mass) / (ELEMENTARY_CHARGE ** 2 * (p[tau] as number) * 1e-15) / 1e6);
          propagate(`${label}.mobility`, 'cm^2/(V s)', (p) => ((ELEMENTARY_CHARGE * (p[tau] as number) * 1e-15) / mass) * 1e4);
        }
      } else if (effectiveMass) {
        const mass = effectiveMass * ELECTRON_MASS;
        propagate(`${label}.mobility`, 'cm^2/(V s)', (p) => ((ELEMENTARY_CHARGE * (p[tau] as number) * 1e-15) / mass) * 1e4);
        propagate(`${label}.sheetCarrierDensity`, 'cm^-2', (p) => ((p[s0] as number) * mass) / (ELEMENTARY_CHARGE ** 2 * (p[tau] as number) * 1e-15) / 1e4);
      }
    } else if (kind === 'lorentz') {
      const nu0 = idx(`${label}.nu0`);
      propagate(`${label}.frequency`, 'THz', (p) => p[nu0] as number);
      propagate(`${label}.wavenumber`, 'cm^-1', (p) => ((p[nu0] as number) * 1e12) / 299792458 / 100);
      const gamma = idx(`${label}.gamma`);
      propagate(`${label}.lifetime`, 'fs', (p) => 1 / (2 * Math.PI * (p[gamma] as number) * 1e12) / 1e-15);
    } else if (kind === 'debye') {
      propagate(`${label}.relaxationTime`, 'fs', (p) => p[tau] as number);
      propagate(`${label}.relaxationFrequency`, 'THz', (p) => 1 / (2 * Math.PI * (p[tau] as number) * 1e-15) / 1e12);
    }
  }
  return out;
}

export function fitConductivity(s: Spectrum, params: FitModelParams, signal?: AbortSignal) {
  const model = buildModel(parseModel(params.model), s.sheet);
  const m = s.nu.length;
  const nParams = model.params.length;
  if (2 * m <= nParams) throw new NumericalError(`${m} frequencies cannot determine ${nParams} parameters`, { field: 'params.model' });
  const initial = initialGuess(model, s);
  for (const [name, value] of Object.entries(params.initial)) {
    const j = model.params.findIndex((d) => d.name === name);
    if (j < 0)
      throw new ParamsError(`no parameter "${name}" in model ${params.model}`, {
        field: 'params.initial',
        expected: model.params.map((d) => d.name).join(', '),
      });
    initial[j] = value;
  }
  const fixed = model.params.map((d) => params.fixed.includes(d.name));
  for (const name of params.fixed) {
    if (!model.params.some((d) => d.name === name))
      throw new ParamsError(`no parameter "${name}" to fix`, { field: 'params.fixed', expected: model.params.map((d) => d.name).join(', ') });
  }
  const std = s.std;
  const weights = params.weighted && std?.every((v) => v > 0 && Number.isFinite(v)) ? std.map((v) => 1 / v) : undefined;
  const problem = complexResidualProblem({
    m,
    model: (p, re, im) => model.evaluate(p, s.nu, re, im),
    dataRe: s.re,
    dataIm: s.im,
    ...(weights ? { weights } : {}),
  });
  const fit = levenbergMarquardt(problem, {
    initial,
    lower: model.params.map((d) => d.lower),
    upper: model.params.map((d) => d.upper),
    fixed,
    ...(params.starts > 1 ? { multiStart: { starts: params.starts, seed: 7 } } : {}),
    ...(signal ? { signal } : {}),
  });
  const curveRe = new Float64Array(m);
  const curveIm = new Float64Array(m);
  model.evaluate(fit.params, s.nu, curveRe, curveIm);
  return { model, fit, curveRe, curveIm, weighted: !!weights, derived: derivedQuantities(model, fit, s.sheet, params.effectiveMass) };
}

export const fitModelAnalysis: AnalysisContribution<typeof fitModelParams> = {
  id: 'thz.fit-model',
  name: 'Conductivity model fit (Drude, Drude–Smith, Lorentz, Debye)',
  description: 'Complex nonlinear least squares of σ1 + iσ2 with standard errors, DC conductivity, scattering times and mode frequencies.',
  inputs: { input: { accepts: [KIND.conductivity, KIND.opticalConstants], description: 'a conductivity spectrum' } },
  params: fitModelParams,
  produces: KIND.modelFit,
  views: ['thz.model-fit-plot'],
  references: [
    'P. Drude, Ann. Phys. 306, 566 (1900)',
    'N. V. Smith, Phys. Rev. B 64, 155106 (2001) (Drude–Smith)',
    'J. J. Moré, The Levenberg–Marquardt algorithm, Lect. Notes Math. 630 (1978)',
  ],
  run(inputs, params, ctx) {
    const s = conductivityOf(inputs.input as Dataset, params.fMin, params.fMax);
    const { model, fit, curveRe, curveIm, weighted, derived } = fitConductivity(s, params, ctx.signal);
    if (!fit.converged) ctx.warn(`the fit did not converge (${fit.reason})`);
    // Model parameters are physical magnitudes (plasma frequency, τ, oscillator strength): flag both kinds.
    const undetermined = [...fit.unidentifiable, ...fit.indeterminate].sort((a, b) => a - b);
    for (const j of undetermined) ctx.warn(`parameter ${model.params[j]?.name} is not identifiable (stderr ≥ |value| or singular covariance)`);
    for (const j of fit.atBound) ctx.warn(`parameter ${model.params[j]?.name} ended on a bound`);
    const unit = s.sheet ? 'S' : 'S/m';
    const m = s.nu.length;
    const n = model.params.length;
    return createDataset({
      kind: KIND.modelFit,
      signal: 'data1',
      coords: { frequency: { dim: 'frequency', values: s.nu, unit: 'THz' } },
      data: {
        data1: variable(['frequency'], s.re, unit, { ...(s.std ? { variances: s.std.map((v) => v * v) } : {}), label: s.sheet ? 'Re σ_s' : 'σ1' }),
        data2: variable(['frequency'], s.im, unit, { ...(s.std ? { variances: s.std.map((v) => v * v) } : {}), label: s.sheet ? 'Im σ_s' : 'σ2' }),
        model1: variable(['frequency'], curveRe, unit, { label: 'model real part' }),
        model2: variable(['frequency'], curveIm, unit, { label: 'model imaginary part' }),
      },
      values: {
        model: params.model,
        quantity: s.sheet ? 'sheet conductance' : 'conductivity',
        parameters: model.params.map((d, j) => ({
          name: d.name,
          value: fit.params[j] as number,
          stderr: Number.isFinite(fit.stderr[j] as number) ? (fit.stderr[j] as number) : null,
          unit: d.unit,
          fixed: params.fixed.includes(d.name),
        })) as JsonValue,
        derived: derived.map((d) => ({ name: d.name, value: d.value, stderr: d.stderr, unit: d.unit })) as JsonValue,
        chiSquare: fit.chiSquare,
        reducedChiSquare: fit.reducedChiSquare,
        dof: fit.dof,
        aic: fit.aic,
        bic: fit.bic,
        converged: fit.converged,
        reason: fit.reason,
        weighted,
        points: m,
        unidentifiable: [...fit.unidentifiable, ...fit.indeterminate].sort((a, b) => a - b).map((j) => model.params[j]?.name ?? String(j)),
        correlation: Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => fit.correlation[a * n + b] as number)) as JsonValue,
      },
    });
  },
};
