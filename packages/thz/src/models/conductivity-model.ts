/**
 * Composite conductivity models σ(ν) = Σ components, fitted to THz conductivity spectra.
 * Components (e^{−iωt} convention; see dielectric.ts for the formulas):
 *   drude (σ0, τ), drude-smith (σ0, τ, c), lorentz (Δε, ν0, γ), debye (Δε, τ), background (Δε∞).
 * Permittivity-type components enter as σ = −iε0ωΔε. For sheet conductance data (S) the
 * permittivity strengths are sheet strengths Δε·d (m).
 */
import { ParamsError } from '@ionscope/core';
import type { ComplexIndex } from '../layer-stack';
import { debyeEpsilon, drudeSigma, drudeSmithSigma, lorentzEpsilon, sigmaOfEpsilon } from './dielectric';

export type ComponentKind = 'drude' | 'drude-smith' | 'lorentz' | 'debye' | 'background';

export interface ParamDef {
  /** `drude1.sigma0`, `lorentz2.nu0`... */
  name: string;
  unit: string;
  lower: number;
  upper: number;
  component: number;
}

export interface CompositeModel {
  components: ComponentKind[];
  params: ParamDef[];
  /** σ at each ν (THz) for parameters p. */
  evaluate(p: ArrayLike<number>, nu: Float64Array, outRe: Float64Array, outIm: Float64Array): void;
}

const KINDS: ComponentKind[] = ['drude', 'drude-smith', 'lorentz', 'debye', 'background'];

/** Parses `drude+lorentz*2+background` into component kinds. */
export function parseModel(spec: string): ComponentKind[] {
  const out: ComponentKind[] = [];
  for (const raw of spec.split('+')) {
    const part = raw.trim().toLowerCase().replace('_', '-');
    const m = /^([a-z-]+)(?:\s*\*\s*(\d+))?$/.exec(part);
    const kind = m?.[1] as ComponentKind | undefined;
    if (!m || !kind || !KINDS.includes(kind)) {
      throw new ParamsError(`unknown model component "${raw.trim()}"`, {
        field: 'params.model',
        expected: `components from ${KINDS.join(', ')} joined by + (e.g. drude+lorentz*2)`,
      });
    }
    const count = m[2] ? Number(m[2]) : 1;
    for (let i = 0; i < count; i++) out.push(kind);
  }
  if (!out.length) throw new ParamsError('empty model', { field: 'params.model', expected: 'e.g. drude' });
  return out;
}

export function buildModel(components: ComponentKind[], sheet: boolean): CompositeModel {
  const sUnit = sheet ? 'S' : 'S/m';
  const eUnit = sheet ? 'm' : '';
  const params: ParamDef[] = [];
  const counters: Record<string, number> = {};
  components.forEach((kind, c) => {
    counters[kind] = (counters[kind] ?? 0) + 1;
    const label = components.filter((k) => k === kind).length > 1 ? `${kind}${counters[kind]}` : kind;
    const add = (name: string, unit: string, lower: number, upper: number) => params.push({ name: `${label}.${name}`, unit, lower, upper, component: c });
    switch (kind) {
      case 'drude':
        add('sigma0', sUnit, 0, Number.POSITIVE_INFINITY);
        add('tau', 'fs', 1e-3, 1e5);
        break;
      case 'drude-smith':
        add('sigma0', sUnit, 0, Number.POSITIVE_INFINITY);
        add('tau', 'fs', 1e-3, 1e5);
        add('c', '', -1, 0);
        break;
      case 'lorentz':
        add(sheet ? 'deltaEpsThickness' : 'deltaEps', eUnit, 0, Number.POSITIVE_INFINITY);
        add('nu0', 'THz', 1e-3, 1e3);
        add('gamma', 'THz', 1e-4, 1e3);
        break;
      case 'debye':
        add(sheet ? 'deltaEpsThickness' : 'deltaEps', eUnit, 0, Number.POSITIVE_INFINITY);
        add('tau', 'fs', 1e-3, 1e7);
        break;
      case 'background':
        add(sheet ? 'deltaEpsInfThickness' : 'deltaEpsInf', eUnit, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
        break;
    }
  });
  const offsets: number[] = [];
  let k = 0;
  for (const kind of components) {
    offsets.push(k);
    k += kind === 'drude' ? 2 : kind === 'drude-smith' ? 3 : kind === 'lorentz' ? 3 : kind === 'debye' ? 2 : 1;
  }
  const s: ComplexIndex = { re: 0, im: 0 };
  const e: ComplexIndex = { re: 0, im: 0 };
  return {
    components,
    params,
    evaluate(p, nu, outRe, outIm) {
      outRe.fill(0);
      outIm.fill(0);
      components.forEach((kind, c) => {
        const o = offsets[c] as number;
        for (let i = 0; i < nu.length; i++) {
          const v = nu[i] as number;
          switch (kind) {
            case 'drude':
              drudeSigma(v, p[o] as number, p[o + 1] as number, s);
              break;
            case 'drude-smith':
              drudeSmithSigma(v, p[o] as number, p[o + 1] as number, p[o + 2] as number, s);
              break;
            case 'lorentz':
              sigmaOfEpsilon(v, lorentzEpsilon(v, p[o] as number, p[o + 1] as number, p[o + 2] as number, e), s);
              break;
            case 'debye':
              sigmaOfEpsilon(v, debyeEpsilon(v, p[o] as number, p[o + 1] as number, e), s);
              break;
            case 'background':
              e.re = p[o] as number;
              e.im = 0;
              sigmaOfEpsilon(v, e, s);
              break;
          }
          outRe[i] = (outRe[i] as number) + s.re;
          outIm[i] = (outIm[i] as number) + s.im;
        }
      });
    },
  };
}
