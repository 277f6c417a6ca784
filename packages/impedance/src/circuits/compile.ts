/**
 * Compiles a parsed circuit into closures that evaluate Z(ω) and ∂Z/∂p at every frequency without
 * allocating: series nodes add impedances and derivatives; parallel nodes use
 * Z = 1/Σ(1/Zᵢ) and ∂Z/∂p = (Z/Zᵢ)²·∂Zᵢ/∂p for the parameters of branch i. Every subtree owns a
 * contiguous range of parameters (the parser numbers them in string order), so each node only
 * touches its own range.
 */
import { type CircuitNode, type ParsedCircuit, parseCircuit } from './parser';

type NodeEval = (omega: number, p: Float64Array, z: Float64Array, dz: Float64Array | null) => void;

interface Compiled {
  run: NodeEval;
  lo: number;
  hi: number;
}

function compileNode(node: CircuitNode, n: number): Compiled {
  if (node.type === 'element') {
    const { element, offset } = node;
    const k = element.parameters.length;
    const local = new Float64Array(2 * k);
    const lo = offset;
    const hi = offset + k;
    if (element.analyticDerivatives) {
      return {
        lo,
        hi,
        run(omega, p, z, dz) {
          element.evaluate(p, offset, omega, z, dz ? local : undefined);
          if (dz) for (let j = 0; j < 2 * k; j++) dz[2 * offset + j] = local[j] as number;
        },
      };
    }
    // User element without derivatives: central differences on its own parameters.
    const zp = new Float64Array(2);
    const zm = new Float64Array(2);
    return {
      lo,
      hi,
      run(omega, p, z, dz) {
        element.evaluate(p, offset, omega, z);
        if (!dz) return;
        for (let j = 0; j < k; j++) {
          const i = offset + j;
          const v = p[i] as number;
          const h = 1e-6 * Math.max(Math.abs(v), 1e-12);
          p[i] = v + h;
          element.evaluate(p, offset, omega, zp);
          p[i] = v - h;
          element.evaluate(p, offset, omega, zm);
          p[i] = v;
          dz[2 * i] = ((zp[0] as number) - (zm[0] as number)) / (2 * h);
          dz[2 * i + 1] = ((zp[1] as number) - (zm[1] as number)) / (2 * h);
        }
      },
    };
  }
  const children = node.children.map((c) => compileNode(c, n));
  const lo = Math.min(...children.map((c) => c.lo));
  const hi = Math.max(...children.map((c) => c.hi));
  const zs = children.map(() => new Float64Array(2));
  const dzs = children.map(() => new Float64Array(2 * n));
  if (node.type === 'series') {
    return {
      lo,
      hi,
      run(omega, p, z, dz) {
        let re = 0;
        let im = 0;
        for (let c = 0; c < children.length; c++) {
          const child = children[c] as Compiled;
          const zc = zs[c] as Float64Array;
          child.run(omega, p, zc, dz ? (dzs[c] as Float64Array) : null);
          re += zc[0] as number;
          im += zc[1] as number;
          if (dz) {
            const d = dzs[c] as Float64Array;
            for (let j = 2 * child.lo; j < 2 * child.hi; j++) dz[j] = d[j] as number;
          }
        }
        z[0] = re;
        z[1] = im;
      },
    };
  }
  // Parallel.
  const ys = children.map(() => new Float64Array(2));
  return {
    lo,
    hi,
    run(omega, p, z, dz) {
      let yr = 0;
      let yi = 0;
      for (let c = 0; c < children.length; c++) {
        const zc = zs[c] as Float64Array;
        (children[c] as Compiled).run(omega, p, zc, dz ? (dzs[c] as Float64Array) : null);
        const a = zc[0] as number;
        const b = zc[1] as number;
        const d = a * a + b * b;
        const y = ys[c] as Float64Array;
        y[0] = a / d;
        y[1] = -b / d;
        yr += y[0];
        yi += y[1];
      }
      const dd = yr * yr + yi * yi;
      const zr = yr / dd;
      const zi = -yi / dd;
      z[0] = zr;
      z[1] = zi;
      if (!dz) return;
      for (let c = 0; c < children.length; c++) {
        const child = children[c] as Compiled;
        const y = ys[c] as Float64Array;
        // factor = (Z·yᵢ)²
        const qr = zr * (y[0] as number) - zi * (y[1] as number);
        const qi = zr * (y[1] as number) + zi * (y[0] as number);
        const fr = qr * qr - qi * qi;
        const fi = 2 * qr * qi;
        const d = dzs[c] as Float64Array;
        for (let j = child.lo; j < child.hi; j++) {
          const dr = d[2 * j] as number;
          const di = d[2 * j + 1] as number;
          dz[2 * j] = fr * dr - fi * di;
          dz[2 * j + 1] = fr * di + fi * dr;
        }
      }
    },
  };
}

/** A circuit bound to a set of frequencies, evaluated allocation-free. */
export class CompiledCircuit {
  readonly circuit: ParsedCircuit;
  readonly frequency: Float64Array;
  /** Number of frequencies. */
  readonly m: number;
  /** Number of parameters. */
  readonly n: number;
  private readonly root: Compiled;
  private readonly omega: Float64Array;
  private readonly z = new Float64Array(2);
  private readonly dz: Float64Array;
  private readonly pBuffer: Float64Array;

  constructor(circuit: ParsedCircuit | string, frequency: ArrayLike<number>) {
    this.circuit = typeof circuit === 'string' ? parseCircuit(circuit) : circuit;
    this.frequency = Float64Array.from(frequency);
    this.m = this.frequency.length;
    this.n = this.circuit.parameters.length;
    this.omega = this.frequency.map((f) => 2 * Math.PI * f);
    this.root = compileNode(this.circuit.root, this.n);
    this.dz = new Float64Array(2 * this.n);
    this.pBuffer = new Float64Array(this.n);
  }

  private params(p: ArrayLike<number>): Float64Array {
    if (p instanceof Float64Array && p.length === this.n) return p;
    for (let i = 0; i < this.n; i++) this.pBuffer[i] = p[i] as number;
    return this.pBuffer;
  }

  /** Z at every frequency into outRe/outIm. */
  impedance(p: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array): void {
    const params = this.params(p);
    for (let i = 0; i < this.m; i++) {
      this.root.run(this.omega[i] as number, params, this.z, null);
      outRe[i] = this.z[0] as number;
      outIm[i] = this.z[1] as number;
    }
  }

  /**
   * Z and its Jacobian: jRe[i·n + k] = ∂Z′ᵢ/∂p_k, jIm[i·n + k] = ∂Z″ᵢ/∂p_k (row-major m×n).
   */
  impedanceAndJacobian(p: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array, jRe: Float64Array, jIm: Float64Array): void {
    const params = this.params(p);
    const n = this.n;
    const dz = this.dz;
    for (let i = 0; i < this.m; i++) {
      this.root.run(this.omega[i] as number, params, this.z, dz);
      outRe[i] = this.z[0] as number;
      outIm[i] = this.z[1] as number;
      for (let k = 0; k < n; k++) {
        jRe[i * n + k] = dz[2 * k] as number;
        jIm[i * n + k] = dz[2 * k + 1] as number;
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
