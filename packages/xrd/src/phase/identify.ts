/**
 * Phase identification of a measured pattern against reference structures.
 *
 * Each reference is simulated at the pattern's wavelength (with the Kα2 twin when the radiation has
 * one) and broadened to the measured peak width; the measured pattern minus its SNIP background is
 * then explained greedily, in the spirit of search–match by full-profile comparison (cf. the
 * iterative subtraction of Szymanski et al., Chem. Mater. 33 (2021) 4204): at each round every
 * remaining candidate is scored by the fraction of the residual sum of squares its best
 * non-negative scale would remove, allowing a small uniform lattice strain (±`maxStrain`) to absorb
 * cell differences; the best is added, all chosen phases are re-scaled together by least squares,
 * and the search stops when the next gain falls below `minGain` or `maxPhases` are chosen.
 * Candidates are ranked by their first-round score; the chosen set carries the weight fractions of
 * the profile (scale × simulated intensity; not Rietveld mass fractions).
 */
import { estimateBackground } from '../processing/background';
import { simulatePattern } from '../structure/simulate';
import type { Structure } from '../structure/structure';
import { stickProfile } from '../structure/profile';
import { weightedLinearFit } from '@ionscope/numerics';

export interface IdentifyOptions {
  wavelength: number;
  kAlpha2?: { lambdaRatio: number; intensityRatio: number };
  fwhm?: number;
  eta?: number;
  maxPhases?: number;
  /** Minimum fraction of the net signal's sum of squares a phase must explain (default 0.03). */
  minGain?: number;
  /** Largest uniform strain tried, e.g. 0.01 = 1 % (default 0.01). */
  maxStrain?: number;
  strainSteps?: number;
  background?: Float64Array;
}

export interface Candidate {
  index: number;
  name: string;
  /** Fraction of the net signal explained on its own (0–1): the ranking score. */
  score: number;
  /** Best uniform strain found. */
  strain: number;
  selected: boolean;
  /** Share of the fitted profile when selected. */
  fraction?: number;
}

export interface IdentifyResult {
  candidates: Candidate[];
  selected: Candidate[];
  /** Fraction of the net signal's sum of squares explained by the chosen phases. */
  explained: number;
  net: Float64Array;
  model: Float64Array;
  background: Float64Array;
  components: Float64Array[];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function identifyPhases(x: Float64Array, y: Float64Array, refs: { structure: Structure; name: string }[], options: IdentifyOptions): IdentifyResult {
  const n = x.length;
  const xmin = x[0] as number;
  const xmax = x[n - 1] as number;
  const step = (xmax - xmin) / Math.max(1, n - 1);
  const background = options.background ?? estimateBackground(x, y, { method: 'snip', iterations: Math.max(10, Math.round(1 / step)) });
  const net = new Float64Array(n);
  for (let i = 0; i < n; i++) net[i] = Math.max(0, (y[i] as number) - (background[i] as number));
  const total = dot(net, net);
  const maxStrain = options.maxStrain ?? 0.01;
  const steps = options.strainSteps ?? 21;
  const sticks = refs.map((r) =>
    simulatePattern(r.structure, { wavelength: options.wavelength, twoThetaRange: [Math.max(0, xmin - 2), Math.min(179, xmax + 2)] }).map((p) => ({
      twoTheta: p.twoTheta,
      intensity: p.intensity,
    })),
  );
  const profileFor = (k: number, strain: number) =>
    stickProfile(x, sticks[k] as { twoTheta: number; intensity: number }[], {
      fwhm: options.fwhm ?? 0.1,
      eta: options.eta ?? 0.5,
      ...(options.kAlpha2 ? { kAlpha2: options.kAlpha2 } : {}),
      strain,
    });
  // Best strain and profile of each candidate against the whole net signal.
  const best = refs.map((_, k) => {
    let top: { gain: number; strain: number; profile: Float64Array } = { gain: -1, strain: 0, profile: new Float64Array(n) };
    for (let s = 0; s < steps; s++) {
      const strain = steps > 1 ? -maxStrain + (2 * maxStrain * s) / (steps - 1) : 0;
      const p = profileFor(k, strain);
      const pp = dot(p, p);
      const rp = dot(net, p);
      const gain = pp > 0 && rp > 0 ? (rp * rp) / pp / total : 0;
      if (gain > top.gain) top = { gain, strain, profile: p };
    }
    return top;
  });
  const candidates: Candidate[] = refs.map((r, k) => ({
    index: k,
    name: r.name,
    score: (best[k] as { gain: number }).gain,
    strain: (best[k] as { strain: number }).strain,
    selected: false,
  }));
  const chosen: number[] = [];
  let residual = Float64Array.from(net);
  let scales: number[] = [];
  const maxPhases = options.maxPhases ?? 3;
  const minGain = options.minGain ?? 0.03;
  while (chosen.length < maxPhases) {
    let pick = -1;
    let pickGain = 0;
    for (let k = 0; k < refs.length; k++) {
      if (chosen.includes(k)) continue;
      const p = (best[k] as { profile: Float64Array }).profile;
      const pp = dot(p, p);
      const rp = dot(residual, p);
      const gain = pp > 0 && rp > 0 ? (rp * rp) / pp / total : 0;
      if (gain > pickGain) {
        pickGain = gain;
        pick = k;
      }
    }
    if (pick < 0 || pickGain < minGain) break;
    chosen.push(pick);
    // Joint least-squares scales of all chosen phases (dropping any that go negative).
    const fitScales = () => {
      const A = new Float64Array(n * chosen.length);
      chosen.forEach((k, j) => {
        const p = (best[k] as { profile: Float64Array }).profile;
        for (let i = 0; i < n; i++) A[i * chosen.length + j] = p[i] as number;
      });
      return Array.from(weightedLinearFit(A, n, chosen.length, net).params);
    };
    scales = fitScales();
    while (scales.some((s) => s <= 0) && chosen.length > 1) {
      chosen.splice(
        scales.findIndex((s) => s <= 0),
        1,
      );
      scales = fitScales();
    }
    residual = Float64Array.from(net);
    chosen.forEach((k, j) => {
      const p = (best[k] as { profile: Float64Array }).profile;
      for (let i = 0; i < n; i++) residual[i] = (residual[i] as number) - (scales[j] as number) * (p[i] as number);
    });
  }
  const model = new Float64Array(n);
  const components = chosen.map((k, j) => {
    const p = (best[k] as { profile: Float64Array }).profile.map((v) => v * (scales[j] as number));
    for (let i = 0; i < n; i++) model[i] = (model[i] as number) + (p[i] as number);
    return p;
  });
  const areas = components.map((c) => c.reduce((a, b) => a + b, 0));
  const totalArea = areas.reduce((a, b) => a + b, 0);
  chosen.forEach((k, j) => {
    const c = candidates[k] as Candidate;
    c.selected = true;
    c.fraction = totalArea > 0 ? (areas[j] as number) / totalArea : 0;
  });
  let rr = 0;
  for (let i = 0; i < n; i++) rr += ((net[i] as number) - (model[i] as number)) ** 2;
  candidates.sort((a, b) => b.score - a.score);
  return {
    candidates,
    selected: chosen.map((k) => candidates.find((c) => c.index === k) as Candidate),
    explained: total > 0 ? 1 - rr / total : 0,
    net,
    model,
    background,
    components,
  };
}
