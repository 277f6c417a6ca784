import { z } from 'zod';
import { ConfigError } from '../errors';

/** One analysis step. Step 1 takes the file that was read; later steps take the previous result. */
export const PipelineStepSchema = z.strictObject({
  analysis: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  /** Views to render for the step's result; defaults to the analysis' own list. `[]` renders none. */
  views: z.array(z.string()).optional(),
  /** Writers to apply to the step's result (writer ids). */
  writers: z.array(z.string()).optional(),
  /** Take the dataset that was read rather than the previous step's result. */
  fromInput: z.boolean().optional(),
});

/**
 * A batch pipeline as written in `pipeline.yaml` / `pipeline.json`:
 * ```yaml
 * inputs: data/*.mpt          # one glob or a list, relative to the pipeline file
 * with: { reference: ref.txt } # fixed extra inputs, by analysis input name
 * steps:
 *   - analysis: impedance.fit-circuit
 *     params: { circuit: "R0-p(R1,C1)" }
 * ```
 */
export const PipelineSpecSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  inputs: z.union([z.string(), z.array(z.string()).min(1)]),
  /** Force a reader instead of sniffing each file. */
  reader: z.string().optional(),
  /** Fixed named extra inputs (paths) passed to every step that declares them. */
  with: z.record(z.string(), z.string()).optional(),
  steps: z.array(PipelineStepSchema).min(1),
  output: z
    .strictObject({
      /** Render views (SVG/PNG) for every input. Large batches turn this off. */
      views: z.boolean().default(true),
      /** Write one result JSON per input. */
      perInput: z.boolean().default(true),
    })
    .optional(),
});

export type PipelineStep = z.infer<typeof PipelineStepSchema>;
export type PipelineSpec = z.infer<typeof PipelineSpecSchema>;

/** Validates a parsed pipeline file, naming the file and the field on error. */
export function parsePipelineSpec(value: unknown, fileName = 'pipeline'): PipelineSpec {
  const result = PipelineSpecSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConfigError(`invalid pipeline: ${issue?.message ?? 'unknown problem'}`, {
    file: fileName,
    field: issue?.path.map(String).join('.') || undefined,
  });
}
