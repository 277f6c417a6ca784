/**
 * Layer stacks (`thz.layer-stack`): the multilayer a THz pulse crosses, listed from the incidence
 * side. The first and last entries are the surrounding half-spaces (thickness ignored). Exactly one
 * layer of the sample stack may be unknown (`n: "solve"`); the analyses solve its complex index.
 */
import { createDataset, type Dataset, DataError, type JsonValue, type Metadata } from '@ionscope/core';
import { KIND } from './kinds';

/** A complex refractive index n + iκ (κ ≥ 0 absorbs). */
export interface ComplexIndex {
  re: number;
  im: number;
}

export interface Layer {
  name: string;
  /** Thickness in m (0 for the surrounding media). */
  thickness: number;
  /** Known index, or 'solve' for the unknown layer. */
  n: ComplexIndex | 'solve';
}

export interface LayerStack {
  sample: Layer[];
  /** The reference path's stack; undefined means air (an empty path of the same length). */
  reference?: Layer[];
  /** Index in `sample` of the layer to solve. */
  unknown: number;
}

export function createLayerStackDataset(stack: LayerStack, meta: Metadata = {}, values: Record<string, JsonValue> = {}): Dataset {
  const layerJson = (l: Layer): JsonValue => ({
    name: l.name,
    thickness: { value: l.thickness, unit: 'm' },
    n: l.n === 'solve' ? 'solve' : { re: l.n.re, im: l.n.im },
  });
  return createDataset({
    kind: KIND.layerStack,
    values: {
      ...values,
      sample: stack.sample.map(layerJson),
      reference: stack.reference ? stack.reference.map(layerJson) : null,
      unknownLayer: stack.unknown,
    },
    meta,
  });
}

/** Reads the stack back from a thz.layer-stack dataset. */
export function layerStackOf(ds: Dataset): LayerStack {
  if (ds.kind !== KIND.layerStack) throw new DataError(`expected a ${KIND.layerStack} dataset, got ${ds.kind}`, { field: 'layers' });
  const parse = (list: unknown, where: string): Layer[] => {
    if (!Array.isArray(list)) throw new DataError(`${where} is not a list of layers`, { field: where });
    return list.map((raw, i) => {
      const l = raw as { name?: string; thickness?: { value?: number }; n?: unknown };
      const d = l.thickness?.value;
      if (typeof d !== 'number' || !(d >= 0)) throw new DataError('layer thickness must be ≥ 0', { field: `${where}[${i}].thickness` });
      const n = l.n === 'solve' ? 'solve' : (l.n as ComplexIndex);
      if (n !== 'solve' && !(typeof n?.re === 'number' && typeof n?.im === 'number'))
        throw new DataError('layer index must be {re, im} or "solve"', { field: `${where}[${i}].n` });
      return { name: l.name ?? `layer ${i}`, thickness: d, n };
    });
  };
  const v = ds.values ?? {};
  const sample = parse(v.sample, 'values.sample');
  const reference = v.reference == null ? undefined : parse(v.reference, 'values.reference');
  const unknown = sample.findIndex((l) => l.n === 'solve');
  if (unknown < 0) throw new DataError('no layer of the sample stack is marked "solve"', { field: 'values.sample' });
  return { sample, ...(reference ? { reference } : {}), unknown };
}

/** The classic slab: air | sample (thickness d, unknown) | air, reference = air. */
export function slabStack(thickness: number): LayerStack {
  const air: ComplexIndex = { re: 1, im: 0 };
  return {
    sample: [
      { name: 'air', thickness: 0, n: air },
      { name: 'sample', thickness, n: 'solve' },
      { name: 'air', thickness: 0, n: air },
    ],
    unknown: 1,
  };
}

/** The known index of a layer (vacuum for a missing layer or the unknown one). */
export function knownIndex(layer: Layer | undefined): ComplexIndex {
  return layer && layer.n !== 'solve' ? layer.n : { re: 1, im: 0 };
}
