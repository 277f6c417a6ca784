/**
 * Equivalent-circuit elements: impedance Z(ω) with ω = 2πf, Z = Z′ + jZ″, and analytic
 * derivatives with respect to every parameter (the Jacobian of a fit is assembled from them).
 * Parameter order and units follow impedance.py (Murbach et al., J. Open Source Softw. 5, 2349,
 * 2020), so `Wo1_0` is the Warburg resistance and `Wo1_1` its time constant in both tools.
 *
 * References for the formulas:
 * - CPE: Brug et al., J. Electroanal. Chem. 176, 275 (1984); Orazem & Tribollet, "Electrochemical
 *   Impedance Spectroscopy", 2nd ed., Wiley 2017, ch. 14.
 * - Warburg (semi-infinite, open and short finite-length): Warburg, Ann. Phys. 303, 493 (1899);
 *   Orazem & Tribollet ch. 11; Lasia, "Electrochemical Impedance Spectroscopy and its
 *   Applications", Springer 2014, ch. 4.
 * - Gerischer: Boukamp & Bouwmeester, Solid State Ionics 157, 29 (2003).
 * - Voigt element (K): Schönleber et al., Electrochim. Acta 131, 20 (2014).
 * - Modified inductance (La): impedance.py's `La`, Z = L (jω)^α.
 */
import { cdiv, cmul, csqrt, ctanh, jwPow } from './complex';

export interface ElementParameter {
  /** Name suffix in impedance.py style: '' for one-parameter elements, else '0', '1'... */
  suffix: string;
  symbol: string;
  unit: string;
  description: string;
  /** Default bounds used by the fitter. */
  lower: number;
  upper: number;
}

export interface CircuitElement {
  /** The letters that start the element's name in a circuit string (`R`, `CPE`, `Wo`). */
  prefix: string;
  name: string;
  /** The formula in plain text (ω = 2πf, j² = −1). */
  formula: string;
  reference: string;
  parameters: ElementParameter[];
  /**
   * Writes Z(ω) to z[0] (real), z[1] (imaginary) from the parameters p[at], p[at+1], ... and, when
   * `dz` is given, ∂Z/∂p_k to dz[2k], dz[2k+1].
   */
  evaluate(p: ArrayLike<number>, at: number, omega: number, z: Float64Array, dz?: Float64Array): void;
  /** False when `evaluate` ignores `dz` (user elements): the fitter then uses finite differences. */
  analyticDerivatives: boolean;
}

const OHM = 'Ω';
const scratch = new Float64Array(8);

const resistor: CircuitElement = {
  prefix: 'R',
  name: 'resistor',
  formula: 'Z = R',
  reference: 'Ohm',
  parameters: [{ suffix: '', symbol: 'R', unit: OHM, description: 'resistance', lower: 0, upper: Number.POSITIVE_INFINITY }],
  analyticDerivatives: true,
  evaluate(p, at, _omega, z, dz) {
    z[0] = p[at] as number;
    z[1] = 0;
    if (dz) {
      dz[0] = 1;
      dz[1] = 0;
    }
  },
};

const capacitor: CircuitElement = {
  prefix: 'C',
  name: 'capacitor',
  formula: 'Z = 1/(jωC)',
  reference: 'Orazem & Tribollet 2017, ch. 4',
  parameters: [{ suffix: '', symbol: 'C', unit: 'F', description: 'capacitance', lower: 0, upper: Number.POSITIVE_INFINITY }],
  analyticDerivatives: true,
  evaluate(p, at, omega, z, dz) {
    const c = p[at] as number;
    z[0] = 0;
    z[1] = -1 / (omega * c);
    if (dz) {
      dz[0] = 0;
      dz[1] = 1 / (omega * c * c);
    }
  },
};

const inductor: CircuitElement = {
  prefix: 'L',
  name: 'inductor',
  formula: 'Z = jωL',
  reference: 'Orazem & Tribollet 2017, ch. 4',
  parameters: [{ suffix: '', symbol: 'L', unit: 'H', description: 'inductance', lower: 0, upper: Number.POSITIVE_INFINITY }],
  analyticDerivatives: true,
  evaluate(p, at, omega, z, dz) {
    z[0] = 0;
    z[1] = omega * (p[at] as number);
    if (dz) {
      dz[0] = 0;
      dz[1] = omega;
    }
  },
};

const cpe: CircuitElement = {
  prefix: 'CPE',
  name: 'constant phase element',
  formula: 'Z = 1/(Q (jω)^α)',
  reference: 'Brug et al., J. Electroanal. Chem. 176, 275 (1984)',
  parameters: [
    { suffix: '0', symbol: 'Q', unit: 'Ω⁻¹·s^α', description: 'CPE coefficient', lower: 0, upper: Number.POSITIVE_INFINITY },
    { suffix: '1', symbol: 'α', unit: '', description: 'CPE exponent', lower: 0, upper: 1 },
  ],
  analyticDerivatives: true,
  evaluate(p, at, omega, z, dz) {
    const q = p[at] as number;
    const a = p[at + 1] as number;
    jwPow(omega, -a, scratch, 0);
    const zr = (scratch[0] as number) / q;
    const zi = (scratch[1] as number) / q;
    z[0] = zr;
    z[1] = zi;
    if (dz) {
      dz[0] = -zr / q;
      dz[1] = -zi / q;
      // ∂Z/∂α = −Z·ln(jω) = −Z·(ln ω + jπ/2)
      const lr = Math.log(omega);
      const li = Math.PI / 2;
      dz[2] = -(zr * lr - zi * li);
      dz[3] = -(zr * li + zi * lr);
    }
  },
};

const warburg: CircuitElement = {
  prefix: 'W',
  name: 'semi-infinite Warburg element',
  formula: 'Z = A_W (1 − j)/√ω',
  reference: 'Warburg, Ann. Phys. 303, 493 (1899); Orazem & Tribollet 2017, ch. 11',
  parameters: [{ suffix: '', symbol: 'A_W', unit: 'Ω·s^-1/2', description: 'Warburg coefficient', lower: 0, upper: Number.POSITIVE_INFINITY }],
  analyticDerivatives: true,
  evaluate(p, at, omega, z, dz) {
    const k = 1 / Math.sqrt(omega);
    const a = p[at] as number;
    z[0] = a * k;
    z[1] = -a * k;
    if (dz) {
      dz[0] = k;
      dz[1] = -k;
    }
  },
};

/**
 * Finite-length Warburg elements: Z = Z0·g(s)/s with s = √(jωτ) and g = coth (open, reflective
 * boundary) or tanh (short, transmissive boundary).
 */
function finiteWarburg(prefix: 'Wo' | 'Ws', open: boolean): CircuitElement {
  return {
    prefix,
    name: open ? 'finite-space (open, reflective) Warburg element' : 'finite-length (short, transmissive) Warburg element',
    formula: open ? 'Z = Z₀ coth(√(jωτ))/√(jωτ)' : 'Z = Z₀ tanh(√(jωτ))/√(jωτ)',
    reference: 'Lasia 2014, ch. 4; Orazem & Tribollet 2017, ch. 11',
    parameters: [
      { suffix: '0', symbol: 'Z₀', unit: OHM, description: 'Warburg (diffusion) resistance', lower: 0, upper: Number.POSITIVE_INFINITY },
      { suffix: '1', symbol: 'τ', unit: 's', description: 'diffusion time constant', lower: 0, upper: Number.POSITIVE_INFINITY },
    ],
    analyticDerivatives: true,
    evaluate(p, at, omega, z, dz) {
      const z0 = p[at] as number;
      const tau = p[at + 1] as number;
      csqrt(0, omega * tau, scratch, 0); // s
      const sr = scratch[0] as number;
      const si = scratch[1] as number;
      ctanh(sr, si, scratch, 2); // t = tanh s
      let gr: number;
      let gi: number;
      if (open) {
        cdiv(1, 0, scratch[2] as number, scratch[3] as number, scratch, 4); // coth s
        gr = scratch[4] as number;
        gi = scratch[5] as number;
      } else {
        gr = scratch[2] as number;
        gi = scratch[3] as number;
      }
      cdiv(gr, gi, sr, si, scratch, 6); // g/s
      const hr = scratch[6] as number;
      const hi = scratch[7] as number;
      z[0] = z0 * hr;
      z[1] = z0 * hi;
      if (dz) {
        dz[0] = hr;
        dz[1] = hi;
        // d(g/s)/dτ = (1/(2τ))·(g′ − g/s) with g′ = 1 − coth² (open: −csch²) or 1 − tanh² (short: sech²)
        cmul(gr, gi, gr, gi, scratch, 2);
        const dgr = 1 - (scratch[2] as number);
        const dgi = -(scratch[3] as number);
        const f = z0 / (2 * tau);
        dz[2] = f * (dgr - hr);
        dz[3] = f * (dgi - hi);
      }
    },
  };
}

const modifiedInductance: CircuitElement = {
  prefix: 'La',
  name: 'modified inductance',
  formula: 'Z = L (jω)^α',
  reference: 'impedance.py element La (Murbach et al. 2020)',
  parameters: [
    { suffix: '0', symbol: 'L', unit: 'Ω·s^α', description: 'inductance coefficient', lower: 0, upper: Number.POSITIVE_INFINITY },
    { suffix: '1', symbol: 'α', unit: '', description: 'exponent', lower: 0, upper: 1 },
  ],
  analyticDerivatives: true,
  evaluate(p, at, omega, z, dz) {
    const l = p[at] as number;
    const a = p[at + 1] as number;
    jwPow(omega, a, scratch, 0);
    const zr = l * (scratch[0] as number);
    const zi = l * (scratch[1] as number);
    z[0] = zr;
    z[1] = zi;
    if (dz) {
      dz[0] = scratch[0] as number;
      dz[1] = scratch[1] as number;
      const lr = Math.log(omega);
      const li = Math.PI / 2;
      dz[2] = zr * lr - zi * li;
      dz[3] = zr * li + zi * lr;
    }
  },
};

const gerischer: CircuitElement = {
  prefix: 'G',
  name: 'Gerischer element',
  formula: 'Z = R_G/√(1 + jωt_G)',
  reference: 'Boukamp & Bouwmeester, Solid State Ionics 157, 29 (2003)',
  parameters: [
    { suffix: '0', symbol: 'R_G', unit: OHM, description: 'Gerischer resistance', lower: 0, upper: Number.POSITIVE_INFINITY },
    { suffix: '1', symbol: 't_G', unit: 's', description: 'Gerischer time constant', lower: 0, upper: Number.POSITIVE_INFINITY },
  ],
  analyticDerivatives: true,
  evaluate(p, at, omega, z, dz) {
    const r = p[at] as number;
    const t = p[at + 1] as number;
    csqrt(1, omega * t, scratch, 0);
    cdiv(1, 0, scratch[0] as number, scratch[1] as number, scratch, 2); // 1/√(1+jωt)
    const ur = scratch[2] as number;
    const ui = scratch[3] as number;
    z[0] = r * ur;
    z[1] = r * ui;
    if (dz) {
      dz[0] = ur;
      dz[1] = ui;
      // ∂Z/∂t = −Z·jω/(2(1 + jωt))
      cdiv(0, -omega / 2, 1, omega * t, scratch, 4);
      cmul(r * ur, r * ui, scratch[4] as number, scratch[5] as number, scratch, 6);
      dz[2] = scratch[6] as number;
      dz[3] = scratch[7] as number;
    }
  },
};

const voigt: CircuitElement = {
  prefix: 'K',
  name: 'Voigt element (RC with time constant)',
  formula: 'Z = R/(1 + jωτ)',
  reference: 'Schönleber et al., Electrochim. Acta 131, 20 (2014)',
  parameters: [
    { suffix: '0', symbol: 'R', unit: OHM, description: 'resistance', lower: 0, upper: Number.POSITIVE_INFINITY },
    { suffix: '1', symbol: 'τ', unit: 's', description: 'time constant', lower: 0, upper: Number.POSITIVE_INFINITY },
  ],
  analyticDerivatives: true,
  evaluate(p, at, omega, z, dz) {
    const r = p[at] as number;
    const tau = p[at + 1] as number;
    const wt = omega * tau;
    const d = 1 + wt * wt;
    const ur = 1 / d;
    const ui = -wt / d;
    z[0] = r * ur;
    z[1] = r * ui;
    if (dz) {
      dz[0] = ur;
      dz[1] = ui;
      // ∂Z/∂τ = −R·jω/(1 + jωτ)² = −jωR·u²
      const u2r = ur * ur - ui * ui;
      const u2i = 2 * ur * ui;
      dz[2] = omega * r * u2i;
      dz[3] = -omega * r * u2r;
    }
  },
};

export const BUILTIN_ELEMENTS: CircuitElement[] = [
  resistor,
  capacitor,
  inductor,
  cpe,
  warburg,
  finiteWarburg('Wo', true),
  finiteWarburg('Ws', false),
  modifiedInductance,
  gerischer,
  voigt,
];

const registry = new Map<string, CircuitElement>(BUILTIN_ELEMENTS.map((e) => [e.prefix, e]));

/**
 * Registers a user element (or replaces one with the same prefix). Its prefix must be letters;
 * names in circuit strings are the prefix followed by a number (`T1`).
 */
export function registerElement(element: CircuitElement): void {
  if (!/^[A-Za-z]+$/.test(element.prefix)) throw new Error(`element prefix "${element.prefix}" must be letters only`);
  if (!element.parameters.length) throw new Error(`element "${element.prefix}" needs at least one parameter`);
  registry.set(element.prefix, element);
}

/** Removes a user element (built-ins are restored to their definition). */
export function unregisterElement(prefix: string): void {
  const builtin = BUILTIN_ELEMENTS.find((e) => e.prefix === prefix);
  if (builtin) registry.set(prefix, builtin);
  else registry.delete(prefix);
}

/** The element whose prefix starts `name` (longest prefix wins: `CPE1` → CPE, `Ws1` → Ws). */
export function elementForName(name: string): CircuitElement | undefined {
  let best: CircuitElement | undefined;
  for (const [prefix, element] of registry) {
    if (name.startsWith(prefix) && /^[0-9_]/.test(name.slice(prefix.length)) && (!best || prefix.length > best.prefix.length)) best = element;
  }
  return best;
}

export function listElements(): CircuitElement[] {
  return [...registry.values()];
}
