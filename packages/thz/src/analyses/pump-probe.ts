/**
 * `thz.pump-probe`: optical-pump / THz-probe (time-resolved THz spectroscopy).
 * - Kinetics: ΔE/E at a fixed gate time (default the reference peak) against pump delay, fitted with
 *   exponential decays (plus a long-lived step) convolved with a Gaussian instrument response.
 * - Photoconductivity at each pump delay: the photoexcited layer as a thin sheet (Tinkham in
 *   transmission, the sheet formula in reflection), or — with a nelly layer stack — the exact
 *   multilayer solution for the excited layer's index, Δσ = −iε0ω(ñ² − n_unexcited²).
 * Inputs are single traces (thz.waveform) or delay × time maps (thz.map2d). The "pumped" input may
 * hold the pumped field or the pump-induced change ΔE (detected automatically, as in the nelly
 * SnO2 data).
 */
import {
  type AnalysisContribution,
  type AnalysisContext,
  createDataset,
  type Dataset,
  DataError,
  type JsonValue,
  quantityParam,
  regularCoord,
  explicitCoord,
  variable,
  z,
} from '@ionscope/core';
import { levenbergMarquardt } from '@ionscope/numerics';
import { VACUUM_PERMITTIVITY } from '../constants';
import { type ExtractionOptions, solveOnSpectra } from '../extraction/optical-constants';
import { type PairSpectra, pairSpectra } from '../extraction/pair-spectra';
import { KIND } from '../kinds';
import { knownIndex, type LayerStack, layerStackOf } from '../layer-stack';
import { map2dArrays } from '../map2d';
import { kineticsModel } from '../models/kinetics';
import { reflectionSheet, type SheetResult, tinkhamSheet } from '../models/thin-film';
import { baselineNoise, peakOf } from '../time-domain/preprocess';
import { type WaveformArrays, waveformArrays } from '../waveform';
import { pairOptions, timeDomainParams } from './common';

export const pumpProbeParams = z.object({
  geometry: z.enum(['transmission', 'reflection']).default('transmission'),
  substrateIndex: z.number().positive().optional().describe('index behind the photoexcited sheet (taken from the layer stack when given)'),
  ambientIndex: z.number().positive().default(1).describe('index in front of the photoexcited sheet'),
  excitedThickness: quantityParam('m', { description: 'photoexcited layer thickness (σ = σ_s/d)', positive: true }).optional(),
  method: z.enum(['auto', 'thin-film', 'stack']).default('auto').describe('stack needs --input layers=input.json'),
  pumpedIs: z.enum(['auto', 'pumped', 'difference']).default('auto').describe('whether the pumped input holds E_pumped or ΔE'),
  gateTime: quantityParam('ps', { description: "THz gate time at which ΔE/E is read (default: the peak of each delay's reference)" }).optional(),
  gateWidth: quantityParam('ps', { description: 'ΔE/E is the least-squares ratio Σ ΔE·E / Σ E² over this window around the gate', min: 0 }).default(0.1),
  delay: quantityParam('ps', { description: 'pump delay of a single pair of traces' }).default(0),
  exponentials: z.number().int().min(0).max(3).default(1).describe('exponential decays in the kinetics fit'),
  offset: z.boolean().default(true).describe('add a long-lived step to the kinetics fit'),
  irfFwhm: quantityParam('ps', { description: 'instrument response FWHM; fitted when not given', positive: true }).optional(),
  spectra: z.boolean().default(true).describe('compute photoconductivity spectra at each delay'),
  ...timeDomainParams,
});

export type PumpProbeParams = z.output<typeof pumpProbeParams>;

interface Pair {
  delay: number;
  reference: WaveformArrays;
  pumped: WaveformArrays;
}

function column(m: ReturnType<typeof map2dArrays>, j: number): WaveformArrays {
  const field = m.field.slice(j * m.nTime, (j + 1) * m.nTime);
  return { time: m.time, field, dt: m.dt, regular: true };
}

/** The (delay, reference, pumped) triples of the inputs. */
function pairsOf(pumped: Dataset, reference: Dataset, delay: number, ctx: AnalysisContext): Pair[] {
  if (pumped.kind === KIND.waveform && reference.kind === KIND.waveform) {
    return [{ delay, reference: waveformArrays(reference, 'reference'), pumped: waveformArrays(pumped, 'pumped') }];
  }
  if (pumped.kind === KIND.map2d) {
    const p = map2dArrays(pumped, 'pumped');
    const delays = Float64Array.from(p.delay);
    let refColumn: (j: number) => WaveformArrays;
    if (reference.kind === KIND.map2d) {
      const r = map2dArrays(reference, 'reference');
      if (r.nDelay !== p.nDelay || r.nTime !== p.nTime) {
        throw new DataError(`the reference map is ${r.nDelay}×${r.nTime}, the pumped map ${p.nDelay}×${p.nTime}`, {
          field: 'inputs.reference',
          expected: 'maps of the same shape',
        });
      }
      let filled = 0;
      for (let j = 0; j < p.nDelay; j++) {
        const own = delays[j] as number;
        const other = r.delay[j] as number;
        if (!Number.isFinite(own) && Number.isFinite(other)) {
          delays[j] = other;
          filled++;
        } else if (Number.isFinite(own) && Number.isFinite(other) && Math.abs(own - other) > 1e-9 * Math.max(1, Math.abs(own))) {
          throw new DataError(`delay ${j + 1} is ${own} ps in the pumped map but ${other} ps in the reference map`, { field: 'inputs.reference.coords.delay' });
        }
      }
      if (filled) ctx.warn(`${filled} pump delays missing from the pumped map's header were taken from the reference map`);
      refColumn = (j) => column(r, j);
    } else {
      const w = waveformArrays(reference, 'reference');
      refColumn = () => w;
    }
    const pairs: Pair[] = [];
    for (let j = 0; j < p.nDelay; j++) {
      if (!Number.isFinite(delays[j] as number)) {
        ctx.warn(`delay column ${j + 1} has no delay value and is skipped`);
        continue;
      }
      pairs.push({ delay: delays[j] as number, reference: refColumn(j), pumped: column(p, j) });
    }
    return pairs.sort((a, b) => a.delay - b.delay);
  }
  throw new DataError('a single pumped trace needs a single reference trace', { field: 'inputs.reference', expected: KIND.waveform });
}

function offsetOf(y: Float64Array, n: number): number {
  let s = 0;
  const k = Math.min(n, y.length);
  for (let i = 0; i < k; i++) s += y[i] as number;
  return k ? s / k : 0;
}

export function fitKinetics(delay: Float64Array, signal: Float64Array, std: Float64Array, params: PumpProbeParams) {
  const model = kineticsModel(params.exponentials, params.offset);
  const n = model.names.length;
  const m = delay.length;
  if (m <= n) return undefined;
  let peak = 0;
  for (let i = 0; i < m; i++) if (Math.abs(signal[i] as number) > Math.abs(signal[peak] as number)) peak = i;
  const amp = signal[peak] as number;
  let t0 = delay[0] as number;
  for (let i = 0; i <= peak; i++) {
    if (Math.abs(signal[i] as number) >= 0.5 * Math.abs(amp)) {
      t0 = delay[i] as number;
      break;
    }
  }
  const span = (delay[m - 1] as number) - t0;
  let minStep = Number.POSITIVE_INFINITY;
  for (let i = 1; i < m; i++) minStep = Math.min(minStep, (delay[i] as number) - (delay[i - 1] as number));
  const initial = new Float64Array(n);
  const lower = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  initial[0] = t0;
  initial[1] = params.irfFwhm ?? Math.max(minStep, 1e-3);
  lower[1] = 1e-4;
  for (let i = 0; i < params.exponentials; i++) {
    initial[2 + 2 * i] = amp / (params.offset ? 2 : 1) / (i + 1);
    initial[3 + 2 * i] = Math.max(minStep, (span / 3) * 10 ** -i);
    lower[3 + 2 * i] = 1e-4;
  }
  if (params.offset) initial[n - 1] = signal[m - 1] as number;
  const fixed = model.names.map((name) => name === 'irfFwhm' && params.irfFwhm !== undefined);
  const out = new Float64Array(m);
  const weights = std.every((s) => s > 0 && Number.isFinite(s)) ? std.map((s) => 1 / s) : undefined;
  const fit = levenbergMarquardt(
    {
      m,
      residuals(p, r) {
        model.evaluate(p, delay, out);
        for (let i = 0; i < m; i++) r[i] = (out[i] as number) - (signal[i] as number);
      },
    },
    { initial, lower, upper, fixed, ...(weights ? { weights } : {}), multiStart: { starts: 8, seed: 11 } },
  );
  const curve = new Float64Array(m);
  model.evaluate(fit.params, delay, curve);
  return { model, fit, curve };
}

/** Photoconductivity (sheet, S) of one pair from its spectra. */
function sheetSpectrum(s: PairSpectra, params: PumpProbeParams, na: number, nb: number, difference: boolean) {
  const m = s.frequency.length;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  const sd = new Float64Array(m);
  const out: SheetResult = { re: 0, im: 0, sensitivity: 0 };
  for (let i = 0; i < m; i++) {
    const mag = Math.exp(s.lnAbsH[i] as number);
    // E_pumped/E_ref, or 1 + ΔE/E_ref when the input is the pump-induced change
    const hr = (difference ? 1 : 0) + mag * Math.cos(s.phase[i] as number);
    const hi = mag * Math.sin(s.phase[i] as number);
    if (params.geometry === 'transmission') tinkhamSheet(hr, hi, na, nb, out);
    else reflectionSheet(hr, hi, na, nb, out);
    re[i] = out.re;
    im[i] = out.im;
    sd[i] = out.sensitivity * Math.sqrt(s.lnHVariance[i] as number) * (difference ? mag / Math.hypot(hr, hi) : 1);
  }
  return { re, im, sd };
}

export const pumpProbeAnalysis: AnalysisContribution<typeof pumpProbeParams> = {
  id: 'thz.pump-probe',
  name: 'Optical pump / THz probe: kinetics and photoconductivity',
  description: 'ΔE/E against pump delay with an IRF-convolved multi-exponential fit, and the photoconductivity spectrum at each delay.',
  inputs: {
    pumped: { accepts: [KIND.waveform, KIND.map2d], description: 'pumped field (or ΔE), one trace or a delay × time map' },
    reference: { accepts: [KIND.waveform, KIND.map2d], description: 'unpumped field' },
    layers: { accepts: [KIND.layerStack], optional: true, description: 'nelly layer stack with the photoexcited layer marked "solve"' },
  },
  params: pumpProbeParams,
  produces: KIND.pumpProbe,
  views: ['thz.kinetics-plot', 'thz.photoconductivity-plot'],
  references: [
    'R. Ulbricht, E. Hendry, J. Shan, T. F. Heinz, M. Bonn, Rev. Mod. Phys. 83, 543 (2011)',
    'M. C. Beard, G. M. Turner, C. A. Schmuttenmaer, Phys. Rev. B 62, 15764 (2000)',
    'R. E. Glover, M. Tinkham, Phys. Rev. 108, 243 (1957)',
  ],
  run(inputs, params, ctx) {
    const pumpedDs = inputs.pumped as Dataset;
    const pairs = pairsOf(pumpedDs, inputs.reference as Dataset, params.delay, ctx);
    if (!pairs.length) throw new DataError('no pump delay to analyse', { field: 'inputs.pumped' });
    const first = pairs[0] as Pair;
    // ΔE or E_pumped? (peaks of the first pair)
    const refPeak = Math.max(...first.reference.field.map(Math.abs));
    const pumpPeak = Math.max(...pairs.map((p) => Math.max(...p.pumped.field.map(Math.abs))));
    const difference = params.pumpedIs === 'difference' || (params.pumpedIs === 'auto' && pumpPeak < 0.3 * refPeak);
    if (difference && params.pumpedIs === 'auto') ctx.warn('the pumped input is much weaker than the reference: read as the pump-induced change ΔE');

    // Kinetics: ΔE/E = Σ ΔE·E / Σ E² over a short window around the gate (the reference peak of
    // each delay unless a gate time is given), which averages the noise of single samples.
    const nd = pairs.length;
    const delays = Float64Array.from(pairs, (p) => p.delay);
    const dEE = new Float64Array(nd);
    const dEEStd = new Float64Array(nd);
    const gates = new Float64Array(nd);
    pairs.forEach((p, j) => {
      const oR = offsetOf(p.reference.field, params.offsetPoints);
      const oP = offsetOf(p.pumped.field, params.offsetPoints);
      const r = p.reference.field.map((v) => v - oR);
      const q = p.pumped.field.map((v) => v - oP);
      const peak = peakOf(p.reference.time, r);
      const gate = params.gateTime ?? peak.time;
      gates[j] = gate;
      const half = Math.max(0, Math.round(params.gateWidth / (2 * p.reference.dt)));
      const centre = Math.round((gate - (p.reference.time[0] as number)) / p.reference.dt);
      let num = 0;
      let den = 0;
      for (let i = Math.max(0, centre - half); i <= Math.min(r.length - 1, centre + half); i++) {
        const e = r[i] as number;
        const d = difference ? (q[i] as number) : (q[i] as number) - e;
        num += d * e;
        den += e * e;
      }
      dEE[j] = num / den;
      const sR = baselineNoise(p.reference.time, r, peak.index);
      const sP = baselineNoise(p.pumped.time, q, peak.index);
      // each of the `count` samples carries noise √(sR² + sP²) on ΔE; E itself is well known
      dEEStd[j] = Math.hypot(sR, sP) / Math.sqrt(den);
    });
    const kinetics = nd >= 6 && params.exponentials + (params.offset ? 1 : 0) > 0 ? fitKinetics(delays, dEE, dEEStd, params) : undefined;
    if (kinetics && !kinetics.fit.converged) ctx.warn(`kinetics fit did not converge (${kinetics.fit.reason})`);

    // Photoconductivity spectra.
    let stack: LayerStack | undefined;
    if (inputs.layers) stack = layerStackOf(inputs.layers);
    const method = params.method === 'auto' ? (stack ? 'stack' : 'thin-film') : params.method;
    if (method === 'stack' && !stack)
      throw new DataError('method "stack" needs a layer stack', { field: 'inputs.layers', expected: '--input layers=input.json' });
    const u = stack?.unknown ?? -1;
    const nb = params.substrateIndex ?? (stack ? knownIndex(stack.sample[u - 1]).re : undefined);
    const na = stack && params.substrateIndex === undefined ? knownIndex(stack.sample[u + 1]).re : params.ambientIndex;
    const thickness = params.excitedThickness ?? (stack ? stack.sample[u]?.thickness : undefined);
    const data: Dataset['data'] = {
      dEoverE: variable(['delay'], dEE, '', { variances: dEEStd.map((s) => s * s), label: 'ΔE/E at the gate time' }),
    };
    if (kinetics) data.kineticsFit = variable(['delay'], kinetics.curve, '', { label: 'kinetics fit' });
    const coords: Dataset['coords'] = { delay: explicitCoord('delay', delays, 'ps', { label: 'pump delay' }) };
    let spectraInfo: Record<string, JsonValue> | null = null;
    if (params.spectra && (nb !== undefined || method === 'stack')) {
      let options = pairOptions(params);
      const spectraList: PairSpectra[] = [];
      pairs.forEach((p, j) => {
        ctx.progress(j / nd, `spectra at delay ${p.delay} ps`);
        const s = pairSpectra(p.reference, p.pumped, options);
        if (j === 0) options = { ...options, fMin: s.frequency[0] as number, fMax: s.frequency[s.frequency.length - 1] as number };
        spectraList.push(s);
      });
      const nf = (spectraList[0] as PairSpectra).frequency.length;
      const sheet1 = new Float64Array(nd * nf);
      const sheet2 = new Float64Array(nd * nf);
      const sheetVar = new Float64Array(nd * nf);
      spectraList.forEach((s, j) => {
        if (s.frequency.length !== nf) throw new DataError('frequency grids differ between delays', { field: 'inputs' });
        if (method === 'stack' && stack) {
          const pumpedSpectra = difference ? withDifference(s) : s;
          const o = solveOnSpectra(pumpedSpectra, {
            ...options,
            stack,
            method: 'fabry-perot',
            echoes: 'auto',
            echoMargin: 0.5,
            epsInfinity: 1,
          } as ExtractionOptions);
          const nUn = knownIndex(stack.sample[u - 1]).re;
          const d = stack.sample[u]?.thickness ?? 1;
          for (let i = 0; i < nf; i++) {
            const w = s.omega[i] as number;
            const e1 = (o.n[i] as number) ** 2 - (o.kappa[i] as number) ** 2 - nUn * nUn;
            const e2 = 2 * (o.n[i] as number) * (o.kappa[i] as number);
            sheet1[j * nf + i] = VACUUM_PERMITTIVITY * w * e2 * d;
            sheet2[j * nf + i] = -VACUUM_PERMITTIVITY * w * e1 * d;
            sheetVar[j * nf + i] = ((o.sigmaStd[i] as number) * d) ** 2;
          }
        } else {
          const r = sheetSpectrum(s, params, na, nb as number, difference);
          sheet1.set(r.re, j * nf);
          sheet2.set(r.im, j * nf);
          sheetVar.set(
            r.sd.map((v) => v * v),
            j * nf,
          );
        }
      });
      const f = (spectraList[0] as PairSpectra).frequency;
      coords.frequency = regularCoord('frequency', f[0] as number, nf > 1 ? (f[1] as number) - (f[0] as number) : 0, nf, 'THz');
      data.sheet1 = variable(['delay', 'frequency'], sheet1, 'S', { shape: [nd, nf], variances: sheetVar, label: 'photo sheet conductance Re Δσ_s' });
      data.sheet2 = variable(['delay', 'frequency'], sheet2, 'S', { shape: [nd, nf], variances: sheetVar, label: 'photo sheet conductance Im Δσ_s' });
      if (thickness) {
        data.sigma1 = variable(
          ['delay', 'frequency'],
          sheet1.map((v) => v / thickness),
          'S/m',
          { shape: [nd, nf], variances: sheetVar.map((v) => v / thickness ** 2), label: 'photoconductivity Re Δσ' },
        );
        data.sigma2 = variable(
          ['delay', 'frequency'],
          sheet2.map((v) => v / thickness),
          'S/m',
          { shape: [nd, nf], variances: sheetVar.map((v) => v / thickness ** 2), label: 'photoconductivity Im Δσ' },
        );
      }
      spectraInfo = {
        method:
          method === 'stack'
            ? 'multilayer solution for the excited layer, Δσ = −iε0ω(ñ² − n_unexcited²)'
            : params.geometry === 'transmission'
              ? 'Tinkham thin sheet in transmission'
              : 'thin sheet in reflection',
        ambientIndex: na,
        substrateIndex: nb ?? null,
        ...(thickness ? { excitedThickness: { value: thickness, unit: 'm' } } : {}),
      };
    } else if (params.spectra) {
      ctx.warn('no substrate index or layer stack given: photoconductivity spectra skipped');
    }
    const kin: JsonValue = kinetics
      ? {
          model: `${params.exponentials} exponential(s)${params.offset ? ' + long-lived step' : ''} ⊗ Gaussian IRF`,
          parameters: kinetics.model.names.map((name, i) => ({
            name,
            value: kinetics.fit.params[i] as number,
            stderr: Number.isFinite(kinetics.fit.stderr[i] as number) ? (kinetics.fit.stderr[i] as number) : null,
            unit: kinetics.model.units[i] as string,
          })) as JsonValue,
          reducedChiSquare: kinetics.fit.reducedChiSquare,
          converged: kinetics.fit.converged,
          unidentifiable: [...kinetics.fit.unidentifiable, ...kinetics.fit.indeterminate].sort((a, b) => a - b).map((i) => kinetics.model.names[i] as string),
        }
      : null;
    return createDataset({
      kind: KIND.pumpProbe,
      signal: 'dEoverE',
      coords,
      data,
      values: {
        gateTime:
          params.gateTime !== undefined
            ? { value: params.gateTime, unit: 'ps' }
            : { value: gates[0] as number, unit: 'ps', per: 'reference peak of each delay' },
        gateWidth: { value: params.gateWidth, unit: 'ps' },
        pumpedInput: difference ? 'pump-induced change ΔE' : 'pumped field',
        geometry: params.geometry,
        kinetics: kin,
        photoconductivity: spectraInfo,
      },
    });
  },
};

/** Spectra of (E_ref + ΔE) vs E_ref from spectra of ΔE vs E_ref: ln H' = ln(1 + H). */
function withDifference(s: PairSpectra): PairSpectra {
  const m = s.frequency.length;
  const lnAbsH = new Float64Array(m);
  const phase = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const mag = Math.exp(s.lnAbsH[i] as number);
    const re = 1 + mag * Math.cos(s.phase[i] as number);
    const im = mag * Math.sin(s.phase[i] as number);
    lnAbsH[i] = 0.5 * Math.log(re * re + im * im);
    phase[i] = Math.atan2(im, re);
  }
  return { ...s, lnAbsH, phase };
}
