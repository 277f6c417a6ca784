import { z } from 'zod';
import { ParamsError, UnitError } from '../errors';
import { quantityIn } from '../units/quantity';

/**
 * A numeric parameter with a unit. It accepts a number (taken to be in `unit`) or a string with a
 * unit (`"450um"`, `"1.54184 Å"`, `"10 kHz"`), which is converted to `unit`. The unit shows in the
 * JSON Schema as `"unit"`, so forms and `ionscope plugins --json` can display it.
 *
 * @example thickness: quantityParam('m', { description: 'sample thickness', positive: true })
 */
export function quantityParam(unit: string, options: { description?: string; positive?: boolean; min?: number; max?: number } = {}) {
  let inner = z.number();
  if (options.positive) inner = inner.positive();
  if (options.min !== undefined) inner = inner.min(options.min);
  if (options.max !== undefined) inner = inner.max(options.max);
  return z
    .preprocess((value, ctx) => {
      if (typeof value !== 'string') return value;
      try {
        return quantityIn(value, unit);
      } catch (error) {
        const message = error instanceof UnitError ? error.message : String(error);
        ctx.issues.push({ code: 'custom', message: `${message} (expected a quantity in ${unit || 'no unit'})`, input: value });
        return z.NEVER;
      }
    }, inner)
    .meta({ unit, ...(options.description ? { description: options.description } : {}) });
}

/**
 * Validates parameters against a schema and fills defaults. Throws a {@link ParamsError} whose
 * field is the parameter path and whose message says what was expected.
 */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown, where: string): z.output<S> {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const path = first?.path.map(String).join('.') ?? '';
  const summary = issues.map((i) => `${i.path.map(String).join('.') || '(params)'}: ${i.message}`).join('; ');
  throw new ParamsError(`invalid parameters for ${where}: ${summary}`, {
    field: path ? `params.${path}` : 'params',
    details: { issues: issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code })) },
  });
}

/** JSON Schema (draft 2020-12) of a parameter schema, as users write it (input side). */
export function paramsJsonSchema(schema: z.ZodType | undefined): Record<string, unknown> {
  if (!schema) return { type: 'object', properties: {} };
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    return { type: 'object', description: 'parameters not representable as JSON Schema' };
  }
}

/** Path → unit for every parameter with a unit (from {@link quantityParam} metadata). */
export function paramUnits(schema: z.ZodType | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.unit === 'string' && path) out[path] = n.unit;
    const props = n.properties as Record<string, unknown> | undefined;
    if (props) for (const [key, child] of Object.entries(props)) walk(child, path ? `${path}.${key}` : key);
  };
  walk(paramsJsonSchema(schema), '');
  return out;
}
