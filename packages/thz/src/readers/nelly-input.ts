/**
 * nelly input JSON (YaleTHz/nelly): `settings` (frequency band, FFT padding, windowing) and the
 * `sample` (and optional `reference`) layer lists `{name, d: µm, n: number | "solve"}`.
 * Becomes a thz.layer-stack; its thickness and unknown layer feed the THz analyses
 * (`--input layers=input.json`).
 */
import { Confidence, decodeText, type FileSource, type JsonValue, ParseError, type ReaderContribution } from '@ionscope/core';
import { KIND } from '../kinds';
import { type ComplexIndex, createLayerStackDataset, type Layer } from '../layer-stack';
import { extensionOf } from './sniff-util';

function parseIndex(value: unknown, file: string, field: string): ComplexIndex | 'solve' {
  if (value === 'solve') return 'solve';
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return { re: value, im: 0 };
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return { re: value[0] as number, im: value[1] as number };
  }
  if (value && typeof value === 'object' && typeof (value as ComplexIndex).re === 'number' && typeof (value as ComplexIndex).im === 'number') {
    return { re: (value as ComplexIndex).re, im: (value as ComplexIndex).im };
  }
  throw new ParseError('layer index must be a positive number, [re, im] or "solve"', { file, field, found: JSON.stringify(value) ?? String(value) });
}

function parseLayers(list: unknown, file: string, where: string): Layer[] {
  if (!Array.isArray(list) || list.length < 2) {
    throw new ParseError(`"${where}" must list at least two layers`, { file, field: where, expected: 'an array of {name, d, n}' });
  }
  return list.map((raw, i) => {
    const field = `${where}[${i}]`;
    if (!raw || typeof raw !== 'object') throw new ParseError('layer is not an object', { file, field, expected: '{name, d, n}' });
    const l = raw as { name?: unknown; d?: unknown; n?: unknown };
    if (typeof l.d !== 'number' || !Number.isFinite(l.d) || l.d < 0) {
      throw new ParseError('layer thickness "d" must be a non-negative number (µm)', { file, field: `${field}.d`, found: String(l.d) });
    }
    return { name: typeof l.name === 'string' ? l.name : `layer ${i}`, thickness: l.d * 1e-6, n: parseIndex(l.n, file, `${field}.n`) };
  });
}

export function readNellyInput(source: FileSource) {
  const file = source.name;
  let json: unknown;
  try {
    json = JSON.parse(decodeText(source.bytes));
  } catch (error) {
    throw new ParseError(`not valid JSON: ${(error as Error).message}`, { file, expected: 'a nelly input JSON object' });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ParseError('not a JSON object', { file, expected: '{settings, sample, reference?}' });
  const obj = json as { settings?: unknown; sample?: unknown; reference?: unknown };
  const sample = parseLayers(obj.sample, file, 'sample');
  const reference = obj.reference === undefined ? undefined : parseLayers(obj.reference, file, 'reference');
  const unknowns = sample.map((l, i) => (l.n === 'solve' ? i : -1)).filter((i) => i >= 0);
  if (unknowns.length !== 1) {
    throw new ParseError(`the sample stack must have exactly one layer with n "solve" (found ${unknowns.length})`, {
      file,
      field: 'sample',
      expected: 'one "solve" layer',
    });
  }
  const unknown = unknowns[0] as number;
  if (unknown === 0 || unknown === sample.length - 1)
    throw new ParseError('the unknown layer cannot be a surrounding half-space', { file, field: `sample[${unknown}]` });
  if (reference?.some((l) => l.n === 'solve')) throw new ParseError('the reference stack cannot contain an unknown layer', { file, field: 'reference' });
  const settings = obj.settings && typeof obj.settings === 'object' ? (obj.settings as Record<string, unknown>) : {};
  const band: Record<string, JsonValue> = {};
  if (typeof settings.freq_lo === 'number') band.fMin = { value: settings.freq_lo, unit: 'THz' };
  if (typeof settings.freq_hi === 'number') band.fMax = { value: settings.freq_hi, unit: 'THz' };
  const unknownLayer = sample[unknown] as Layer;
  return createLayerStackDataset(
    { sample, ...(reference ? { reference } : {}), unknown },
    {
      source: { fileName: file, format: 'nelly input JSON' },
      sample: { name: unknownLayer.name, thickness: { value: unknownLayer.thickness, unit: 'm' } },
      extra: { settings: settings as Record<string, unknown> },
    },
    { band, thickness: { value: unknownLayer.thickness, unit: 'm' } },
  );
}

export const nellyInputReader: ReaderContribution = {
  id: 'thz.nelly-input',
  name: 'nelly input JSON (layer stack)',
  extensions: ['.json'],
  kinds: [KIND.layerStack],
  sniff({ name, head }) {
    const text = new TextDecoder().decode(head.subarray(0, 4096));
    if (!/^\s*\{/.test(text)) return Confidence.no;
    const layers = /"sample"\s*:\s*\[/.test(text) && /"d"\s*:/.test(text) && /"n"\s*:/.test(text);
    if (!layers) return Confidence.no;
    return extensionOf(name) === '.json' ? 0.9 : Confidence.likely;
  },
  read: readNellyInput,
};
