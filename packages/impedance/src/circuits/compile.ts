/**
 * Compiles a parsed circuit for a fixed set of frequencies into an evaluator that computes Z and
 * its Jacobian without allocating:
 * - forward pass: every element fills Z (and ∂Z/∂p) at all frequencies with a vectorised kernel;
 *   series nodes add impedances, parallel nodes combine Z = 1/Σ(1/Zᵢ);
 * - backward pass: the sensitivity S = ∂Z_total/∂Z_node is 1 at the root, passes unchanged into
 *   series branches and is multiplied by (Z_parallel/Zᵢ)² into parallel branch i;
 * - Jacobian: ∂Z_total/∂p = S_element · ∂Z_element/∂p.
 * User elements without a kernel are evaluated frequency by frequency through their scalar
 * `evaluate` (central differences when they give no derivatives).
 */
import { BUILTIN_ELEMENTS, type CircuitElement } from './elements';
import { type CircuitNode, type ParsedCircuit, parseCircuit } from './parser';
import { type FrequencyGrid, frequencyGrid, VECTOR_KERNELS, type VectorKernel } from './vectorized';

interface NodeBase {
  zr: Float64Array;
  zi: Float64Array;
  /** Sensitivity of the total impedance to this node's impedance. */
  sr: Float64Array;
  si: Float64Array;
  /** 1/Z, kept for parallel parents. */
  yr: Float64Array;
  yi: Float64Array;
}
interface ElementNode extends NodeBase {
  type: 'element';
  element: CircuitElement;
  offset: number;
  k: number;
  kernel: VectorKernel;
  dr: Float64Array[];
  di: Float64Array[];
}
interface GroupNode extends NodeBase {
  type: 'series' | 'parallel';
  children: EvalNode[];
}
type EvalNode = ElementNode | GroupNode;

/** A kernel from an element's scalar `evaluate` (user elements). */
function scalarKernel(element: CircuitElement): VectorKernel {
  const k = element.parameters.length;
  const z = new Float64Array(2);
  const zp = new Float64Array(2);
  const zm = new Float64Array(2);
  const dz = new Float64Array(2 * k);
  return (p, at, g, zr, zi, dr, di) => {
    for (let i = 0; i < g.m; i++) {
      const w = g.omega[i] as number;
      element.evaluate(p, at, w, z, dr && element.analyticDerivatives ? dz : undefined);
      zr[i] = z[0] as number;
      zi[i] = z[1] as number;
      if (!dr || !di) continue;
      for (let j = 0; j < k; j++) {
        if (element.analyticDerivatives) {
          (dr[j] as Float64Array)[i] = dz[2 * j] as number;
          (di[j] as Float64Array)[i] = dz[2 * j + 1] as number;
          continue;
        }
        const v = p[at + j] as number;
        const h = 1e-6 * Math.max(Math.abs(v), 1e-12);
        p[at + j] = v + h;
        element.evaluate(p, at, w, zp);
        p[at + j] = v - h;
        element.evaluate(p, at, w, zm);
        p[at + j] = v;
        (dr[j] as Float64Array)[i] = ((zp[0] as number) - (zm[0] as number)) / (2 * h);
        (di[j] as Float64Array)[i] = ((zp[1] as number) - (zm[1] as number)) / (2 * h);
      }
    }
  };
}

function build(node: CircuitNode, m: number): EvalNode {
  const base = () => ({
    zr: new Float64Array(m),
    zi: new Float64Array(m),
    sr: new Float64Array(m),
    si: new Float64Array(m),
    yr: new Float64Array(m),
    yi: new Float64Array(m),
  });
  if (node.type === 'element') {
    const k = node.element.parameters.length;
    const builtin = BUILTIN_ELEMENTS.includes(node.element);
    return {
      type: 'element',
      ...base(),
      element: node.element,
      offset: node.offset,
      k,
      kernel: builtin ? (VECTOR_KERNELS[node.element.prefix] as VectorKernel) : scalarKernel(node.element),
      dr: Array.from({ length: k }, () => new Float64Array(m)),
      di: Array.from({ length: k }, () => new Float64Array(m)),
    };
  }
  return { type: node.type, ...base(), children: node.children.map((c) => build(c, m)) };
}

function forward(node: EvalNode, p: Float64Array, g: FrequencyGrid, derivatives: boolean): void {
  const m = g.m;
  if (node.type === 'element') {
    node.kernel(p, node.offset, g, node.zr, node.zi, derivatives ? node.dr : null, derivatives ? node.di : null);
    return;
  }
  const { zr, zi, children } = node;
  for (const child of children) forward(child, p, g, derivatives);
  if (node.type === 'series') {
    zr.set((children[0] as EvalNode).zr);
    zi.set((children[0] as EvalNode).zi);
    for (let c = 1; c < children.length; c++) {
      const a = (children[c] as EvalNode).zr;
      const b = (children[c] as EvalNode).zi;
      for (let i = 0; i < m; i++) {
        zr[i] = (zr[i] as number) + (a[i] as number);
        zi[i] = (zi[i] as number) + (b[i] as number);
      }
    }
    return;
  }
  // Parallel: accumulate admittances in zr/zi, then invert.
  zr.fill(0);
  zi.fill(0);
  for (const child of children) {
    const { zr: a, zi: b, yr, yi } = child;
    for (let i = 0; i < m; i++) {
      const ar = a[i] as number;
      const ai = b[i] as number;
      const d = ar * ar + ai * ai;
      const r = ar / d;
      const im = -ai / d;
      yr[i] = r;
      yi[i] = im;
      zr[i] = (zr[i] as number) + r;
      zi[i] = (zi[i] as number) + im;
    }
  }
  for (let i = 0; i < m; i++) {
    const a = zr[i] as number;
    const b = zi[i] as number;
    const d = a * a + b * b;
    zr[i] = a / d;
    zi[i] = -b / d;
  }
}

function backward(node: EvalNode, m: number): void {
  if (node.type === 'element') return;
  for (const child of node.children) {
    if (node.type === 'series') {
      child.sr.set(node.sr);
      child.si.set(node.si);
    } else {
      // S_child = S_parent·(Z_parent·Y_child)²
      for (let i = 0; i < m; i++) {
        const zr = node.zr[i] as number;
        const zi = node.zi[i] as number;
        const yr = child.yr[i] as number;
        const yi = child.yi[i] as number;
        const qr = zr * yr - zi * yi;
        const qi = zr * yi + zi * yr;
        const fr = qr * qr - qi * qi;
        const fi = 2 * qr * qi;
        const sr = node.sr[i] as number;
        const si = node.si[i] as number;
        child.sr[i] = sr * fr - si * fi;
        child.si[i] = sr * fi + si * fr;
      }
    }
    backward(child, m);
  }
}

function elementsOf(node: EvalNode, out: ElementNode[] = []): ElementNode[] {
  if (node.type === 'element') out.push(node);
  else for (const c of node.children) elementsOf(c, out);
  return out;
}

/** A circuit bound to a set of frequencies, evaluated allocation-free. */
export class CompiledCircuit {
  readonly circuit: ParsedCircuit;
  readonly frequency: Float64Array;
  /** Number of frequencies. */
  readonly m: number;
  /** Number of parameters. */
  readonly n: number;
  private readonly grid: FrequencyGrid;
  private readonly root: EvalNode;
  private readonly leaves: ElementNode[];
  private readonly pBuffer: Float64Array;

  constructor(circuit: ParsedCircuit | string, frequency: ArrayLike<number>) {
    this.circuit = typeof circuit === 'string' ? parseCircuit(circuit) : circuit;
    this.frequency = Float64Array.from(frequency);
    this.m = this.frequency.length;
    this.n = this.circuit.parameters.length;
    this.grid = frequencyGrid(this.frequency);
    this.root = build(this.circuit.root, this.m);
    this.leaves = elementsOf(this.root);
    this.pBuffer = new Float64Array(this.n);
    this.root.sr.fill(1);
  }

  private params(p: ArrayLike<number>): Float64Array {
    for (let i = 0; i < this.n; i++) this.pBuffer[i] = p[i] as number;
    return this.pBuffer;
  }

  /** Z at every frequency into outRe/outIm. */
  impedance(p: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array): void {
    forward(this.root, this.params(p), this.grid, false);
    outRe.set(this.root.zr);
    outIm.set(this.root.zi);
  }

  /** Z and its Jacobian: jRe[i·n + k] = ∂Z′ᵢ/∂p_k, jIm[i·n + k] = ∂Z″ᵢ/∂p_k (row-major m×n). */
  impedanceAndJacobian(p: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array, jRe: Float64Array, jIm: Float64Array): void {
    const { m, n } = this;
    forward(this.root, this.params(p), this.grid, true);
    outRe.set(this.root.zr);
    outIm.set(this.root.zi);
    backward(this.root, m);
    for (const leaf of this.leaves) {
      const { sr, si, offset } = leaf;
      for (let j = 0; j < leaf.k; j++) {
        const dr = leaf.dr[j] as Float64Array;
        const di = leaf.di[j] as Float64Array;
        const col = offset + j;
        for (let i = 0; i < m; i++) {
          const a = sr[i] as number;
          const b = si[i] as number;
          const c = dr[i] as number;
          const d = di[i] as number;
          jRe[i * n + col] = a * c - b * d;
          jIm[i * n + col] = a * d + b * c;
        }
      }
    }
  }
}

/** Z of a circuit at the given frequencies (convenience; allocates the outputs). */
export function simulateCircuit(
  circuit: string | ParsedCircuit,
  parameters: ArrayLike<number>,
  frequency: ArrayLike<number>,
): { Zreal: Float64Array; Zimag: Float64Array } {
  const c = new CompiledCircuit(circuit, frequency);
  if (parameters.length !== c.n) {
    throw new RangeError(`circuit ${c.circuit.text} has ${c.n} parameters (${c.circuit.parameters.map((p) => p.name).join(', ')}), ${parameters.length} given`);
  }
  const Zreal = new Float64Array(c.m);
  const Zimag = new Float64Array(c.m);
  c.impedance(parameters, Zreal, Zimag);
  return { Zreal, Zimag };
}
