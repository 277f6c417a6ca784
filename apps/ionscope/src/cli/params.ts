import { readFileSync } from 'node:fs';
import type { JsonValue } from '@ionscope/core';
import { fileError, usageError } from './errors';

/**
 * The value of `--param KEY=VALUE`: JSON when it is valid JSON (`3`, `1e-3`, `true`, `[1,2]`,
 * `{"a":1}`, `"text"`), otherwise the text as it is (`R0-p(R1,C1)`, `450um`, `1.54184 Å`).
 * Quantities with units stay strings here; the analysis' schema (core's quantityParam) converts them.
 */
export function parseParamValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** Sets `a.b.c` in a nested object, creating the intermediate objects. */
export function setPath(target: Record<string, JsonValue>, path: string, value: JsonValue, original = path): void {
  const keys = path.split('.');
  if (keys.some((k) => k === ''))
    throw usageError(`malformed parameter name "${original}"`, { field: original, expected: 'a name such as "factor" or "fit.maxIterations"' });
  let node: Record<string, JsonValue> = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, JsonValue>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** Splits `KEY=VALUE` at the first `=`. */
export function splitAssignment(text: string, option: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usageError(`${option} expects KEY=VALUE`, { found: text, expected: `${option} name=value` });
  return [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

/** Reads `--params FILE.json` (an object of parameters). */
export function readParamsFile(path: string): Record<string, JsonValue> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fileError(error, path);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(`the parameters file is not valid JSON: ${(error as Error).message}`, { file: path, expected: 'a JSON object' });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw usageError('the parameters file must hold a JSON object', { file: path });
  return value as Record<string, JsonValue>;
}

/** Parameters from `--params FILE` overlaid with every `--param KEY=VALUE` (later ones win). */
export function buildParams(assignments: readonly string[] = [], paramsFile?: string): Record<string, JsonValue> {
  const params: Record<string, JsonValue> = paramsFile ? readParamsFile(paramsFile) : {};
  for (const assignment of assignments) {
    const [key, value] = splitAssignment(assignment, '--param');
    setPath(params, key, parseParamValue(value), key);
  }
  return params;
}

/** `--input NAME=PATH` list → {NAME: PATH}. */
export function parseNamedInputs(assignments: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const assignment of assignments) {
    const [name, path] = splitAssignment(assignment, '--input');
    if (!path) throw usageError(`--input ${name}= needs a path`, { field: name });
    out[name] = path;
  }
  return out;
}
