/**
 * Synthetic slab measurement: a reference pulse in air and the same pulse through a slab of known
 * dispersive index ñ(ν) and thickness d with all Fabry–Pérot echoes, cut to a time window.
 */
import { StackTransfer } from './stack-transfer';
import { TransferModel } from '../extraction/transfer-model';
import { type ComplexIndex, knownIndex, type Layer } from '../layer-stack';
import { Complex } from '../util/complex';
import { applyTransfer, gaussianDerivativePulse, gaussianNoise, omegaOf, timeAxis } from './synthetic';

export interface SyntheticStackOptions {
  /** Sample stack (media 0 … L); the `solve` layer takes `index(ν)`. */
  layers: Layer[];
  /** Reference stack (default: empty air path). */
  reference?: Layer[];
  /** Index of the unknown layer as a function of ν (THz). */
  index: (nu: number) => ComplexIndex;
  /** Time step (ps), window start and length (ps). */
  dt: number;
  start: number;
  window: number;
  /** Reference pulse centre and width (ps). */
  t0: number;
  width: number;
  /** Noise standard deviation relative to the reference peak (0 = none) and repeats per trace. */
  noise?: number;
  repeats?: number;
  seed?: number;
}

export interface SyntheticPair {
  time: Float64Array;
  reference: Float64Array[];
  sample: Float64Array[];
}

export function syntheticStackPair(o: SyntheticStackOptions): SyntheticPair {
  // Simulate on a long grid so the echo train decays before wrapping around.
  const n = Math.ceil(o.window / o.dt);
  const long = Math.max(4 * n, 4096);
  const tLong = timeAxis(o.start, o.dt, long);
  const ref = gaussianDerivativePulse(tLong, { t0: o.t0, width: o.width });
  const unknown = o.layers.findIndex((l) => l.n === 'solve');
  const spec = (layers: Layer[], u: number) => ({
    n: layers.map((l) => (l.n === 'solve' ? { re: 1, im: 0 } : l.n)),
    d: layers.map((l) => l.thickness),
    echoes: layers.map(() => Number.POSITIVE_INFINITY),
    unknown: u,
  });
  const model = new TransferModel(
    new StackTransfer(spec(o.layers, unknown)),
    o.reference ? new StackTransfer(spec(o.reference, -1)) : undefined,
    knownIndex(o.layers[0]).re,
  );
  const refLog = new Complex();
  const refPath = new Complex();
  const logH = new Complex();
  const sam = applyTransfer(ref, o.dt, (nu, h) => {
    if (nu === 0) {
      h.re = 1;
      h.im = 0;
      return;
    }
    const w = omegaOf(nu);
    const idx = o.index(nu);
    model.referenceTerms(w, refLog, refPath);
    model.logH(w, idx.re, idx.im, refLog, refPath, logH);
    const m = Math.exp(logH.re);
    h.re = m * Math.cos(logH.im);
    h.im = m * Math.sin(logH.im);
  });
  const time = tLong.slice(0, n);
  const repeats = o.repeats ?? 1;
  const sigma = (o.noise ?? 0) * Math.max(...ref.map(Math.abs));
  const rand = gaussianNoise(o.seed ?? 1);
  const noisy = (y: Float64Array) => Array.from({ length: repeats }, () => y.slice(0, n).map((v) => v + sigma * rand()));
  return { time, reference: noisy(ref), sample: noisy(sam) };
}
