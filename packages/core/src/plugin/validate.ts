import { z } from 'zod';
import { ManifestError } from '../errors';
import { isApiRange } from './api-version';

const fn = z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', { message: 'expected a function' });
const zodSchema = z.custom<z.ZodType>((v) => typeof v === 'object' && v !== null && typeof (v as z.ZodType).safeParse === 'function', {
  message: 'expected a zod schema',
});
const localId = /^[a-z][a-z0-9-]*$/;
const namespacedId = /^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*$/;
const kindId = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const contributionId = z.string().regex(namespacedId, { message: 'expected a namespaced id such as "impedance.fit-circuit"' });
const kinds = z.array(z.string().regex(kindId, { message: 'expected a namespaced kind such as "impedance.spectrum"' }));
/** Kinds, or '*' for any kind (generic readers, views and writers). */
const kindsOrAny = z.array(z.union([z.literal('*'), z.string().regex(kindId, { message: 'expected a namespaced kind such as "impedance.spectrum", or "*"' })]));

const ReaderSchema = z.object({
  id: contributionId,
  name: z.string().min(1),
  description: z.string().optional(),
  extensions: z.array(z.string().regex(/^\.[a-z0-9._-]+$/, { message: 'expected a lower-case extension with its dot, e.g. ".mpt"' })),
  kinds: kindsOrAny.min(1),
  sniff: fn,
  ranged: z.boolean().optional(),
  read: fn,
  readMany: fn.optional(),
});

const AnalysisSchema = z.object({
  id: contributionId,
  name: z.string().min(1),
  description: z.string().optional(),
  inputs: z
    .record(
      z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/),
      z.object({ accepts: kinds.min(1), description: z.string().optional(), optional: z.boolean().optional() }),
    )
    .refine((inputs) => Object.keys(inputs).length > 0, { message: 'an analysis needs at least one input' }),
  params: zodSchema,
  produces: z.string().regex(kindId, { message: 'expected a namespaced kind' }),
  alsoProduces: kinds.optional(),
  acceptsDeferred: z.boolean().optional(),
  views: z.array(contributionId).optional(),
  references: z.array(z.string()).optional(),
  run: fn,
});

const ViewSchema = z.object({
  id: contributionId,
  name: z.string().min(1),
  description: z.string().optional(),
  accepts: kindsOrAny.min(1),
  params: zodSchema.optional(),
  render: fn,
});

const WriterSchema = z.object({
  id: contributionId,
  name: z.string().min(1),
  description: z.string().optional(),
  accepts: kindsOrAny.min(1),
  extension: z.string().regex(/^\.[a-z0-9._-]+$/),
  mediaType: z.string().min(1),
  params: zodSchema.optional(),
  write: fn,
});

const SampleSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  description: z.string().optional(),
  files: z.record(z.string(), z.string().min(1)),
  license: z.string().min(1),
  source: z.string().optional(),
  analyses: z
    .array(
      z.object({
        analysis: contributionId,
        params: z.record(z.string(), z.unknown()).optional(),
        views: z.array(contributionId).optional(),
        after: contributionId.optional(),
      }),
    )
    .superRefine((steps, check) => {
      steps.forEach((step, index) => {
        if (step.after !== undefined && !steps.slice(0, index).some((earlier) => earlier.analysis === step.after)) {
          check.addIssue({ code: 'custom', path: [index, 'after'], message: `expected an analysis listed before this one in the sample, got "${step.after}"` });
        }
      });
    }),
});

/** A module path inside the plugin package (`./dist/worker.js`): relative, no `..`, a JavaScript file. */
const packageModulePath = z
  .string()
  .refine((p) => !/^([a-zA-Z]:|[/\\]|[a-z][a-z0-9+.-]*:)/.test(p) && !p.includes('\\') && !p.split('/').includes('..') && /\.(m?js|cjs)$/.test(p), {
    message: 'expected a JavaScript module path relative to the package root, such as "./dist/worker.js"',
  });

/** The shape every plugin definition must have. */
export const PluginDefinitionSchema = z.object({
  id: z.string().regex(localId, { message: 'expected a short lower-case id such as "impedance"' }),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+].*)?$/, { message: 'expected a semver version such as "1.2.0"' }),
  apiVersion: z.string().refine(isApiRange, { message: 'expected a caret range such as "^1"' }),
  description: z.string().optional(),
  technique: z.object({ iri: z.url().optional(), label: z.string() }).optional(),
  homepage: z.string().optional(),
  license: z.string().optional(),
  kinds: z.array(z.object({ id: z.string().regex(kindId), description: z.string() })).optional(),
  readers: z.array(ReaderSchema).optional(),
  analyses: z.array(AnalysisSchema).optional(),
  views: z.array(ViewSchema).optional(),
  writers: z.array(WriterSchema).optional(),
  sampleData: z.array(SampleSchema).optional(),
  workerModule: packageModulePath.optional(),
});

/**
 * Validates a plugin definition and throws a {@link ManifestError} naming the field
 * (`analyses[2].params`) and what was expected. `source` names where the plugin came from.
 */
export function validatePluginDefinition(definition: unknown, source: string): void {
  const result = PluginDefinitionSchema.safeParse(definition);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path =
      issue?.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '') ?? '';
    throw new ManifestError(`invalid plugin manifest: ${issue?.message ?? 'unknown problem'}`, { file: source, field: path || undefined });
  }
  const plugin = result.data;
  const seen = new Set<string>();
  const groups = [
    ['readers', plugin.readers],
    ['analyses', plugin.analyses],
    ['views', plugin.views],
    ['writers', plugin.writers],
  ] as const;
  for (const [group, items] of groups) {
    (items ?? []).forEach((item, index) => {
      if (!item.id.startsWith(`${plugin.id}.`)) {
        throw new ManifestError(`contribution id "${item.id}" is not in the plugin's namespace`, {
          file: source,
          field: `${group}[${index}].id`,
          expected: `an id starting with "${plugin.id}."`,
        });
      }
      const key = `${group}:${item.id}`;
      if (seen.has(key)) throw new ManifestError(`duplicate id "${item.id}"`, { file: source, field: `${group}[${index}].id` });
      seen.add(key);
    });
  }
}
