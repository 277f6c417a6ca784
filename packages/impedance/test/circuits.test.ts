import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ELEMENTS, CompiledCircuit, listElements, parseCircuit, registerElement, simulateCircuit, unregisterElement } from '../src/index';

/** Independent complex arithmetic for reference formulas (plain objects, clarity over speed). */
type C = { re: number; im: number };
const c = (re: number, im = 0): C => ({ re, im });
const add = (a: C, b: C): C => c(a.re + b.re, a.im + b.im);
const mul = (a: C, b: C): C => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
const div = (a: C, b: C): C => {
  const d = b.re * b.re + b.im * b.im;
  return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
};
const inv = (a: C) => div(c(1), a);
const exp = (a: C) => c(Math.exp(a.re) * Math.cos(a.im), Math.exp(a.re) * Math.sin(a.im));
const sqrt = (a: C) => {
  const r = Math.sqrt(Math.hypot(a.re, a.im));
  const t = Math.atan2(a.im, a.re) / 2;
  return c(r * Math.cos(t), r * Math.sin(t));
};
const pow = (a: C, x: number) => {
  const r = Math.hypot(a.re, a.im) ** x;
  const t = Math.atan2(a.im, a.re) * x;
  return c(r * Math.cos(t), r * Math.sin(t));
};
// tanh(a) = (1 − e^{−2a})/(1 + e^{−2a}), valid for Re a ≥ 0 (all Warburg arguments here)
const tanh = (a: C) => {
  const e = exp(c(-2 * a.re, -2 * a.im));
  return div(add(c(1), c(-e.re, -e.im)), add(c(1), e));
};
const jw = (f: number) => c(0, 2 * Math.PI * f);

const reference: Record<string, (p: number[], f: number) => C> = {
  R: (p) => c(p[0]!),
  C: (p, f) => inv(mul(jw(f), c(p[0]!))),
  L: (p, f) => mul(jw(f), c(p[0]!)),
  CPE: (p, f) => inv(mul(c(p[0]!), pow(jw(f), p[1]!))),
  W: (p, f) => mul(c(p[0]!), div(c(1, -1), c(Math.sqrt(2 * Math.PI * f)))),
  Wo: (p, f) => {
    const s = sqrt(mul(jw(f), c(p[1]!)));
    return mul(c(p[0]!), div(inv(tanh(s)), s));
  },
  Ws: (p, f) => {
    const s = sqrt(mul(jw(f), c(p[1]!)));
    return mul(c(p[0]!), div(tanh(s), s));
  },
  La: (p, f) => mul(c(p[0]!), pow(jw(f), p[1]!)),
  G: (p, f) => div(c(p[0]!), sqrt(add(c(1), mul(jw(f), c(p[1]!))))),
  K: (p, f) => div(c(p[0]!), add(c(1), mul(jw(f), c(p[1]!)))),
};
const sample: Record<string, number[]> = {
  R: [12.5],
  C: [3.3e-5],
  L: [2e-7],
  CPE: [1e-3, 0.83],
  W: [4.2],
  Wo: [0.06, 230],
  Ws: [0.05, 12],
  La: [3e-7, 0.9],
  G: [8, 0.002],
  K: [0.7, 1e-3],
};
const freqs = [1e-3, 0.0316, 1, 31.6, 1e3, 1e5];

describe('circuit elements', () => {
  for (const [prefix, p] of Object.entries(sample)) {
    it(`${prefix} matches its formula`, () => {
      const { Zreal, Zimag } = simulateCircuit(`${prefix}1`, p, freqs);
      freqs.forEach((f, i) => {
        const z = reference[prefix]!(p, f);
        const scale = Math.hypot(z.re, z.im);
        expect(Math.abs(Zreal[i]! - z.re) / scale).toBeLessThan(1e-12);
        expect(Math.abs(Zimag[i]! - z.im) / scale).toBeLessThan(1e-12);
      });
    });
  }

  it('the scalar formulas (used for docs and user elements) agree with the vectorised kernels', () => {
    for (const element of BUILTIN_ELEMENTS) {
      const p = sample[element.prefix]!;
      const { Zreal, Zimag } = simulateCircuit(`${element.prefix}1`, p, freqs);
      const z = new Float64Array(2);
      const dz = new Float64Array(2 * p.length);
      freqs.forEach((f, i) => {
        element.evaluate(p, 0, 2 * Math.PI * f, z, dz);
        const scale = Math.hypot(Zreal[i]!, Zimag[i]!);
        expect(Math.abs(z[0]! - Zreal[i]!) / scale, element.prefix).toBeLessThan(1e-12);
        expect(Math.abs(z[1]! - Zimag[i]!) / scale, element.prefix).toBeLessThan(1e-12);
      });
    }
  });

  it('the finite-length Warburg elements stay finite at very large ωτ', () => {
    const { Zreal, Zimag } = simulateCircuit('Wo1-Ws2', [1, 1e6, 1, 1e6], [1e6]);
    expect(Number.isFinite(Zreal[0]!) && Number.isFinite(Zimag[0]!)).toBe(true);
  });
});

describe('circuit parser', () => {
  it('names parameters as impedance.py does', () => {
    const parsed = parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)');
    expect(parsed.parameters.map((p) => p.name)).toEqual(['R0', 'R1', 'C1', 'R2', 'Wo1_0', 'Wo1_1', 'C2']);
    expect(parsed.parameters.map((p) => p.unit)).toEqual(['Ω', 'Ω', 'F', 'Ω', 'Ω', 's', 'F']);
  });

  it('series and parallel combine as impedances should', () => {
    const p = [0.0165, 0.0087, 3.32, 0.0054, 0.063, 232.5, 0.22];
    const { Zreal, Zimag } = simulateCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)', p, freqs);
    freqs.forEach((f, i) => {
      const rc = inv(add(inv(c(p[1]!)), inv(reference.C!([p[2]!], f))));
      const branch = add(c(p[3]!), reference.Wo!([p[4]!, p[5]!], f));
      const second = inv(add(inv(branch), inv(reference.C!([p[6]!], f))));
      const z = add(add(c(p[0]!), rc), second);
      expect(Zreal[i]).toBeCloseTo(z.re, 12);
      expect(Zimag[i]).toBeCloseTo(z.im, 12);
    });
  });

  it('rejects bad strings with the position and what was expected', () => {
    for (const bad of ['', 'R0-', 'p(R1)', 'p(R1,C1', 'X1', 'R0-R0', 'R0)', 'R']) {
      expect(() => parseCircuit(bad)).toThrow(/circuit/);
    }
    try {
      parseCircuit('R0-p(R1,Q1)');
    } catch (error) {
      expect((error as Error).message).toMatch(/unknown element "Q1".*character 9/);
    }
  });

  it('never throws anything but a ParamsError on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        try {
          parseCircuit(s);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('E_PARAMS');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('analytic Jacobian', () => {
  const circuits: [string, number[]][] = [
    ['R0-p(R1,C1)-p(R2-Wo1,C2)', [0.0165, 0.0087, 3.32, 0.0054, 0.063, 232.5, 0.22]],
    ['L0-R0-p(R1,CPE1)-Ws1', [2e-7, 0.02, 0.01, 0.5, 0.85, 0.03, 40]],
    ['R0-p(G1,La1)-W1-K1', [1, 3, 0.01, 1e-4, 0.8, 0.5, 0.2, 1e-3]],
  ];
  for (const [text, p] of circuits) {
    it(`${text} agrees with central differences`, () => {
      const compiled = new CompiledCircuit(text, freqs);
      const { m, n } = compiled;
      const re = new Float64Array(m);
      const im = new Float64Array(m);
      const jr = new Float64Array(m * n);
      const ji = new Float64Array(m * n);
      compiled.impedanceAndJacobian(p, re, im, jr, ji);
      const rp = new Float64Array(m);
      const ip = new Float64Array(m);
      const rm = new Float64Array(m);
      const imm = new Float64Array(m);
      for (let k = 0; k < n; k++) {
        const h = 1e-6 * Math.abs(p[k]!);
        const up = p.slice();
        up[k] = p[k]! + h;
        const dn = p.slice();
        dn[k] = p[k]! - h;
        compiled.impedance(up, rp, ip);
        compiled.impedance(dn, rm, imm);
        for (let i = 0; i < m; i++) {
          const scale = Math.hypot(re[i]!, im[i]!) / Math.abs(p[k]!);
          expect(Math.abs(jr[i * n + k]! - (rp[i]! - rm[i]!) / (2 * h)) / scale).toBeLessThan(1e-6);
          expect(Math.abs(ji[i * n + k]! - (ip[i]! - imm[i]!) / (2 * h)) / scale).toBeLessThan(1e-6);
        }
      }
    });
  }
});

describe('user elements', () => {
  it('a registered element is parsed, evaluated and differentiated numerically', () => {
    registerElement({
      prefix: 'Zarc',
      name: 'ZARC (R parallel to a CPE written with a time constant)',
      formula: 'Z = R/(1 + (jωτ)^φ)',
      reference: 'test',
      analyticDerivatives: false,
      parameters: [
        { suffix: '0', symbol: 'R', unit: 'Ω', description: 'resistance', lower: 0, upper: Number.POSITIVE_INFINITY },
        { suffix: '1', symbol: 'τ', unit: 's', description: 'time constant', lower: 0, upper: Number.POSITIVE_INFINITY },
        { suffix: '2', symbol: 'φ', unit: '', description: 'exponent', lower: 0, upper: 1 },
      ],
      evaluate(p, at, omega, z) {
        const w = pow(c(0, omega * p[at + 1]!), p[at + 2]!);
        const v = div(c(p[at]!), add(c(1), w));
        z[0] = v.re;
        z[1] = v.im;
      },
    });
    try {
      expect(listElements().some((e) => e.prefix === 'Zarc')).toBe(true);
      const parsed = parseCircuit('R0-Zarc1');
      expect(parsed.parameters.map((p) => p.name)).toEqual(['R0', 'Zarc1_0', 'Zarc1_1', 'Zarc1_2']);
      // φ = 1 reduces to a Voigt element.
      const a = simulateCircuit('R0-Zarc1', [1, 2, 1e-3, 1], freqs);
      const b = simulateCircuit('R0-K1', [1, 2, 1e-3], freqs);
      for (let i = 0; i < freqs.length; i++) expect(a.Zimag[i]).toBeCloseTo(b.Zimag[i]!, 10);
      // Its numeric derivatives (φ = 1) equal the Voigt element's analytic ones.
      const m = freqs.length;
      const zarc = new CompiledCircuit(parsed, freqs);
      const voigt = new CompiledCircuit('R0-K1', freqs);
      const ja = [new Float64Array(m * 4), new Float64Array(m * 4)];
      const jb = [new Float64Array(m * 3), new Float64Array(m * 3)];
      zarc.impedanceAndJacobian([1, 2, 1e-3, 1], new Float64Array(m), new Float64Array(m), ja[0]!, ja[1]!);
      voigt.impedanceAndJacobian([1, 2, 1e-3], new Float64Array(m), new Float64Array(m), jb[0]!, jb[1]!);
      for (const k of [1, 2]) {
        let columnScale = 0;
        for (let i = 0; i < m; i++) columnScale = Math.max(columnScale, Math.abs(jb[0]![i * 3 + k]!), Math.abs(jb[1]![i * 3 + k]!));
        for (let i = 0; i < m; i++) {
          for (const part of [0, 1]) expect(Math.abs(ja[part]![i * 4 + k]! - jb[part]![i * 3 + k]!)).toBeLessThanOrEqual(1e-6 * columnScale);
        }
      }
    } finally {
      unregisterElement('Zarc');
    }
  });
});
