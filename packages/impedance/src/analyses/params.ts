/**
 * Parameter pieces shared by the impedance analyses: number lists written the way users type them
 * on a command line (`[.01,.01,100]`, `0.01, 0.01`), frequency windows and the choice of points.
 */
import { quantityParam, z } from '@ionscope/core';
import type { SpectrumArrays } from '../model/spectrum';

/** A list of numbers: a JSON array, or text such as `[.01,.01,100]` or `0.01 0.01 100`. */
export const numberList = z.union([
  z.array(z.number()),
  z.string().transform((text, ctx) => {
    const tokens = text
      .replace(/^\s*\[|\]\s*$/g, '')
      .split(/[\s,;]+/)
      .filter(Boolean);
    const values = tokens.map(Number);
    if (!tokens.length || values.some((v) => !Number.isFinite(v))) {
      ctx.issues.push({ code: 'custom', message: `"${text}" is not a list of numbers (expected e.g. [0.01, 0.01, 100])`, input: text });
      return z.NEVER;
    }
    return values;
  }),
]);

/** `{R0: 0.01}` or the text `R0=0.01, C1=3`. */
export const namedNumbers = z.union([
  z.record(z.string(), z.number()),
  z.string().transform((text, ctx) => {
    const out: Record<string, number> = {};
    for (const part of text
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^([A-Za-z]\w*)\s*[=:]\s*(\S+)$/.exec(part);
      if (!m || !Number.isFinite(Number(m[2]))) {
        ctx.issues.push({ code: 'custom', message: `"${part}" is not NAME=value`, input: text });
        return z.NEVER;
      }
      out[m[1] as string] = Number(m[2]);
    }
    return out;
  }),
]);

/** Common point selection: frequency window, inductive points, spectrum of a series. */
export const pointSelection = {
  fMin: quantityParam('Hz', { description: 'lowest frequency used', positive: true }).optional(),
  fMax: quantityParam('Hz', { description: 'highest frequency used', positive: true }).optional(),
  excludeInductive: z.boolean().default(false).describe("drop the points with Z'' > 0 (impedance.py's ignoreBelowX)"),
  spectrum: z.number().int().min(0).default(0).describe('which spectrum of a series to use (0-based)'),
};

export interface PointSelection {
  fMin?: number;
  fMax?: number;
  excludeInductive: boolean;
}

/** The points of a spectrum inside the window (and capacitive, when asked). */
export function selectPoints(s: SpectrumArrays, sel: PointSelection): SpectrumArrays {
  const keep: number[] = [];
  for (let i = 0; i < s.frequency.length; i++) {
    const f = s.frequency[i] as number;
    if (sel.fMin !== undefined && f < sel.fMin) continue;
    if (sel.fMax !== undefined && f > sel.fMax) continue;
    if (sel.excludeInductive && (s.Zimag[i] as number) > 0) continue;
    keep.push(i);
  }
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i] as number);
  const out: SpectrumArrays = { frequency: pick(s.frequency), Zreal: pick(s.Zreal), Zimag: pick(s.Zimag) };
  for (const key of ['time', 'Ewe', 'I', 'cycle'] as const) {
    const a = s[key];
    if (a) out[key] = pick(a);
  }
  return out;
}
