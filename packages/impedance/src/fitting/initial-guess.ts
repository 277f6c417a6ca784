/**
 * Automatic starting values for a circuit fit, from the spectrum's shape: the high-frequency
 * real part for the series resistance, the arc width (Z′ at the lowest minus the highest frequency)
 * shared among the other resistances, and characteristic frequencies spread log-uniformly over
 * the measured range (or at the maxima of −Z″) for the elements with a time constant, in the order
 * they appear in the string (circuits are conventionally written from high to low frequency). Inductance from the
 * positive Z″ at the top frequency. Good enough for Levenberg–Marquardt to converge on the usual
 * battery and fuel-cell circuits; multi-start covers the rest.
 */
import type { CircuitNode, ParsedCircuit } from '../circuits/parser';

interface Scales {
  rHigh: number;
  rArc: number;
  fMin: number;
  fMax: number;
  lGuess: number;
}

function scales(frequency: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>): Scales {
  let iMin = 0;
  let iMax = 0;
  let zMax = 0;
  for (let i = 0; i < frequency.length; i++) {
    if ((frequency[i] as number) < (frequency[iMin] as number)) iMin = i;
    if ((frequency[i] as number) > (frequency[iMax] as number)) iMax = i;
    zMax = Math.max(zMax, Math.hypot(re[i] as number, im[i] as number));
  }
  let rHigh = re[iMax] as number;
  for (let i = 0; i < re.length; i++) if ((im[i] as number) <= 0) rHigh = Math.min(rHigh, re[i] as number);
  rHigh = Math.max(rHigh, 1e-3 * zMax);
  const rArc = Math.max((re[iMin] as number) - rHigh, 0.1 * zMax);
  const omegaMax = 2 * Math.PI * (frequency[iMax] as number);
  const lGuess = (im[iMax] as number) > 0 ? (im[iMax] as number) / omegaMax : (1e-3 * zMax) / omegaMax;
  return { rHigh, rArc, fMin: frequency[iMin] as number, fMax: frequency[iMax] as number, lGuess };
}

/** True for elements at the top level of the series (not inside any parallel group). */
function topLevelElements(root: CircuitNode): Set<string> {
  const out = new Set<string>();
  const visit = (node: CircuitNode) => {
    if (node.type === 'element') out.add(node.name);
    else if (node.type === 'series') node.children.forEach(visit);
  };
  visit(root);
  return out;
}

/**
 * Characteristic frequencies suggested by the data: local maxima of −Z″ over log f (an arc's top
 * sits at f = 1/(2πRC)), an end of the range counted when −Z″ still rises towards it. Highest first.
 */
export function peakFrequencies(frequency: ArrayLike<number>, im: ArrayLike<number>): number[] {
  const idx = Array.from({ length: frequency.length }, (_, i) => i).sort((a, b) => (frequency[b] as number) - (frequency[a] as number));
  const y = idx.map((i) => -(im[i] as number));
  const n = y.length;
  const smooth = y.map((_, i) => (y[Math.max(0, i - 1)]! + 2 * y[i]! + y[Math.min(n - 1, i + 1)]!) / 4);
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? smooth[i - 1]! : Number.NEGATIVE_INFINITY;
    const right = i < n - 1 ? smooth[i + 1]! : Number.NEGATIVE_INFINITY;
    if (smooth[i]! > 0 && smooth[i]! >= left && smooth[i]! > right) peaks.push(frequency[idx[i]!] as number);
  }
  return peaks;
}

/** Assigns characteristic frequencies (high to low) to the elements with a time constant. */
function assignFrequencies(count: number, fMax: number, fMin: number, peaks: number[]): number[] {
  const logHi = Math.log10(fMax);
  const logLo = Math.log10(fMin);
  const uniform = Array.from({ length: count }, (_, k) => 10 ** (logHi - ((k + 1) * (logHi - logLo)) / (count + 1)));
  if (!peaks.length) return uniform;
  const chosen = peaks.slice(0, count);
  // Fill the remaining slots with uniform positions farthest from the peaks already chosen.
  const spare = uniform.slice().sort((a, b) => {
    const da = Math.min(...chosen.map((p) => Math.abs(Math.log10(a / p))));
    const db = Math.min(...chosen.map((p) => Math.abs(Math.log10(b / p))));
    return db - da;
  });
  while (chosen.length < count) chosen.push(spare.shift() as number);
  return chosen.sort((a, b) => b - a);
}

/**
 * Time-constant slots in the order they are met walking the circuit string: one per parallel group
 * that holds a capacitive element (C, CPE: they share the group's frequency), one per diffusion-
 * or relaxation-type element (Wo, Ws, W, G, K), and one per capacitive element in series.
 * Circuits are written from high to low frequency, so the slots get decreasing frequencies.
 */
function timeSlots(root: CircuitNode): Map<string, number> {
  const slotOf = new Map<string, number>();
  let next = 0;
  const capacitive = (node: CircuitNode) => node.type === 'element' && (node.element.prefix === 'C' || node.element.prefix === 'CPE');
  const visit = (node: CircuitNode, groupSlot: number | undefined) => {
    if (node.type === 'element') {
      if (capacitive(node)) slotOf.set(node.name, groupSlot ?? next++);
      else if (['Wo', 'Ws', 'W', 'G', 'K'].includes(node.element.prefix)) slotOf.set(node.name, next++);
      return;
    }
    if (node.type === 'parallel') {
      const slot = node.children.some(capacitive) ? next++ : undefined;
      for (const child of node.children) visit(child, capacitive(child) ? slot : undefined);
      return;
    }
    for (const child of node.children) visit(child, undefined);
  };
  visit(root, undefined);
  return slotOf;
}

function slotCount(root: CircuitNode): number {
  const slots = timeSlots(root);
  return slots.size ? Math.max(...slots.values()) + 1 : 0;
}

function guessWith(parsed: ParsedCircuit, s: Scales, top: Set<string>, frequencies: number[]): Float64Array {
  const p = new Float64Array(parsed.parameters.length);
  const slots = timeSlots(parsed.root);
  const arcResistors = parsed.elements.filter((e) => e.element.prefix === 'R' && !top.has(e.name)).length;
  const topResistors = parsed.elements.filter((e) => e.element.prefix === 'R' && top.has(e.name)).length;
  const shares = Math.max(1, arcResistors + parsed.elements.filter((e) => ['K', 'G', 'Wo', 'Ws'].includes(e.element.prefix)).length);
  const rEach = s.rArc / shares;
  for (const { element, name, offset } of parsed.elements) {
    const k = slots.get(name);
    const f = k !== undefined ? (frequencies[k] as number) : Math.sqrt(s.fMin * s.fMax);
    const omega = 2 * Math.PI * f;
    switch (element.prefix) {
      case 'R':
        p[offset] = top.has(name) ? s.rHigh / Math.max(1, topResistors) : rEach;
        break;
      case 'C':
        p[offset] = 1 / (omega * rEach);
        break;
      case 'CPE':
        p[offset + 1] = 0.9;
        p[offset] = 1 / (rEach * omega ** 0.9);
        break;
      case 'L':
        p[offset] = s.lGuess;
        break;
      case 'La':
        p[offset] = s.lGuess;
        p[offset + 1] = 0.9;
        break;
      case 'W':
        p[offset] = rEach * Math.sqrt(omega);
        break;
      case 'Wo':
      case 'Ws':
      case 'G':
      case 'K':
        p[offset] = rEach;
        p[offset + 1] = 1 / omega;
        break;
      default:
        // User elements: the first parameter scaled like a resistance, the others of order one.
        for (let j = 0; j < element.parameters.length; j++) p[offset + j] = j === 0 ? rEach : 1;
    }
  }
  return p;
}

/**
 * Candidate starting points, best guess first: characteristic frequencies from the −Z″ maxima,
 * then log-uniform over the measured range, then both shifted a decade up and down.
 */
export function automaticInitialGuesses(parsed: ParsedCircuit, frequency: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>): Float64Array[] {
  const s = scales(frequency, re, im);
  const top = topLevelElements(parsed.root);
  const count = slotCount(parsed.root);
  const fromPeaks = assignFrequencies(count, s.fMax, s.fMin, peakFrequencies(frequency, im));
  const uniform = assignFrequencies(count, s.fMax, s.fMin, []);
  const out = [fromPeaks, uniform, fromPeaks.map((f) => f * 10), fromPeaks.map((f) => f / 10)].map((fs) => guessWith(parsed, s, top, fs));
  return out;
}

export function automaticInitialGuess(parsed: ParsedCircuit, frequency: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>): Float64Array {
  return automaticInitialGuesses(parsed, frequency, re, im)[0] as Float64Array;
}
