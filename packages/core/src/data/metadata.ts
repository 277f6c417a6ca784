import { z } from 'zod';

/** A number with unit (and optional standard error) as stored in metadata. */
export const QuantitySchema = z.strictObject({
  value: z.number(),
  unit: z.string(),
  stderr: z.number().nonnegative().optional(),
});

/**
 * ISO 8601 date-time. A time zone offset is strongly preferred (operando data from several
 * instruments are aligned on absolute time); instrument files that give local time without a zone
 * are accepted and flagged by `startTimeZone: 'unknown'`.
 */
const IsoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/, {
  message: 'expected an ISO 8601 date-time such as 2024-03-01T14:05:00Z',
});

export const SampleSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  composition: z.string().optional(),
  thickness: QuantitySchema.optional(),
  mass: QuantitySchema.optional(),
  area: QuantitySchema.optional(),
});

export const CellSchema = z.strictObject({
  id: z.string().optional(),
  chemistry: z.string().optional(),
  format: z.string().optional(),
  nominalCapacity: QuantitySchema.optional(),
  electrode: z.string().optional(),
});

export const TechniqueSchema = z.strictObject({
  /** Short name, usually the plugin id (`impedance`). */
  id: z.string(),
  /** An ontology IRI (EMMO/CHAMEO) for the characterisation method. */
  iri: z.url().optional(),
  label: z.string().optional(),
});

export const InstrumentSchema = z.strictObject({
  manufacturer: z.string().optional(),
  model: z.string().optional(),
  serial: z.string().optional(),
  software: z.string().optional(),
  softwareVersion: z.string().optional(),
  /** Instrument settings as read from the file (wavelength, AC amplitude, exposure...). */
  settings: z.record(z.string(), z.unknown()).optional(),
});

/** Where the data sits in an operando experiment. */
export const OperandoSchema = z.strictObject({
  cycle: z.number().int().optional(),
  step: z.number().int().optional(),
  /** Index in a series (0-based). */
  index: z.number().int().optional(),
  potential: QuantitySchema.optional(),
  current: QuantitySchema.optional(),
  stateOfCharge: QuantitySchema.optional(),
  temperature: QuantitySchema.optional(),
  /** Time since the experiment's `startTime`, in seconds. */
  elapsed: QuantitySchema.optional(),
});

export const SourceSchema = z.strictObject({
  fileName: z.string(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  size: z.number().int().nonnegative().optional(),
  mediaType: z.string().optional(),
  /** The reader that produced this dataset (`impedance.biologic-mpt`). */
  reader: z.string().optional(),
  /** Format name and version as found in the file (`XRDML 2.1`, `EC-Lab 11.50`). */
  format: z.string().optional(),
  /** Further files that were read with it (a series, a reference). */
  parts: z.array(z.strictObject({ fileName: z.string(), sha256: z.string().optional(), size: z.number().optional() })).optional(),
});

/** Metadata every dataset carries. Unknown vendor fields go in `extra`. */
export const MetadataSchema = z.strictObject({
  title: z.string().optional(),
  description: z.string().optional(),
  sample: SampleSchema.optional(),
  cell: CellSchema.optional(),
  technique: TechniqueSchema.optional(),
  instrument: InstrumentSchema.optional(),
  operator: z.string().optional(),
  /** Absolute start of the measurement; relative times in coordinates are seconds from it. */
  startTime: IsoDateTime.optional(),
  startTimeZone: z.enum(['given', 'unknown']).optional(),
  operando: OperandoSchema.optional(),
  source: SourceSchema.optional(),
  /** Vendor header fields and anything else read from the file, kept as found. */
  extra: z.record(z.string(), z.unknown()).optional(),
});

export type Metadata = z.infer<typeof MetadataSchema>;
export type SourceInfo = z.infer<typeof SourceSchema>;
export type OperandoContext = z.infer<typeof OperandoSchema>;

/**
 * How to name a dataset's source in a message: its file, or for several files read together (a
 * folder, a series) the folder they share, else the first with a count. `fileName` alone would
 * name one part, which misleads when the message is about the whole.
 */
export function sourceLabel(source: SourceInfo | undefined): string | undefined {
  const parts = source?.parts;
  if (!source || !parts || parts.length < 2) return source?.fileName;
  const names = parts.map((p) => p.fileName);
  const first = names[0] as string;
  let folder = first.slice(0, first.lastIndexOf('/') + 1);
  while (folder && !names.every((n) => n.startsWith(folder))) folder = folder.slice(0, folder.slice(0, -1).lastIndexOf('/') + 1);
  return folder ? folder.slice(0, -1) : `${first} (+${names.length - 1} more files)`;
}
