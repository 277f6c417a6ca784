/**
 * Typed errors with stable codes.
 *
 * Every error ionscope raises on purpose is an {@link IonscopeError}: it carries a stable `code`
 * (safe to match on in scripts and in the CLI's `--json` output) and, where it applies, the file,
 * the line or field, and what was expected. The message is built from those parts so it always
 * names them.
 */

/** Stable error codes. Add new ones at the end; never rename one that has shipped. */
export const ErrorCode = {
  /** A file could not be parsed: names the file, the line or field, and what was expected. */
  ParseError: 'E_PARSE',
  /** No installed reader recognises the file. */
  NoReader: 'E_NO_READER',
  /** Several readers recognise the file equally well and none can be preferred. */
  AmbiguousReader: 'E_AMBIGUOUS_READER',
  /** A plugin manifest failed validation when it was registered. */
  InvalidManifest: 'E_INVALID_MANIFEST',
  /** A plugin was written for an incompatible version of the core API. */
  ApiVersionMismatch: 'E_API_VERSION',
  /** Two plugins (or contributions) use the same id. */
  DuplicateId: 'E_DUPLICATE_ID',
  /** An analysis, view, reader or writer id is not registered. */
  UnknownContribution: 'E_UNKNOWN',
  /** Analysis parameters failed validation. */
  InvalidParams: 'E_PARAMS',
  /** An analysis got an input of a kind it does not accept, or a named input is missing. */
  InvalidInput: 'E_INPUT',
  /** A unit string could not be parsed, or two units are not convertible. */
  UnitError: 'E_UNIT',
  /** A data array is internally inconsistent (shape, dims, coordinates, masks). */
  InvalidData: 'E_DATA',
  /** The operation was cancelled through its AbortSignal. */
  Aborted: 'E_ABORTED',
  /** A numerical method failed to produce a usable answer (did not converge, singular system). */
  NumericalError: 'E_NUMERICAL',
  /** Serialisation to or from JSON or NeXus/HDF5 failed. */
  SerializationError: 'E_SERIALIZATION',
  /** A plugin threw something that is not an IonscopeError. */
  PluginFailure: 'E_PLUGIN',
  /** A configuration or pipeline file is invalid. */
  ConfigError: 'E_CONFIG',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where in an input a problem was found. Every part is optional; give what is known. */
export interface ErrorLocation {
  /** File name (as the user gave it) or another source description. */
  file?: string;
  /** 1-based line number for text formats. */
  line?: number;
  /** Byte offset for binary formats. */
  offset?: number;
  /** Field, column, key or parameter path (for example `params.thickness` or `<counts>`). */
  field?: string;
}

export interface IonscopeErrorOptions extends ErrorLocation {
  /** What was expected at that place, in words ("a number", "the magic bytes RAW4.00"). */
  expected?: string;
  /** What was found instead (kept short). */
  found?: string;
  cause?: unknown;
  /** Extra structured detail for `--json` consumers. */
  details?: Record<string, unknown>;
}

function locationText(o: ErrorLocation): string {
  const parts: string[] = [];
  if (o.file) parts.push(o.file);
  if (o.line !== undefined) parts.push(`line ${o.line}`);
  if (o.offset !== undefined) parts.push(`byte ${o.offset}`);
  if (o.field) parts.push(`field "${o.field}"`);
  return parts.join(', ');
}

/** Base class: a message that names where, what was expected and what was found. */
export class IonscopeError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly offset?: number;
  readonly field?: string;
  readonly expected?: string;
  readonly found?: string;
  readonly details?: Record<string, unknown>;
  /** The problem in words, without the location prefix (used when re-locating the error). */
  readonly description: string;

  constructor(code: ErrorCode, what: string, options: IonscopeErrorOptions = {}) {
    const where = locationText(options);
    let message = where ? `${where}: ${what}` : what;
    if (options.expected) message += `; expected ${options.expected}`;
    if (options.found !== undefined) message += `, found ${JSON.stringify(truncate(options.found))}`;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.description = what;
    this.file = options.file;
    this.line = options.line;
    this.offset = options.offset;
    this.field = options.field;
    this.expected = options.expected;
    this.found = options.found;
    this.details = options.details;
  }

  /** A plain object for JSON output (`{code, message, file?, line?, field?, expected?}`). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    for (const key of ['file', 'line', 'offset', 'field', 'expected', 'found', 'details'] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    return out;
  }
}

function truncate(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** A file does not match its format. Readers throw this. */
export class ParseError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.ParseError, what, options);
  }
}

export class NoReaderError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.NoReader, what, options);
  }
}

export class AmbiguousReaderError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.AmbiguousReader, what, options);
  }
}

export class ManifestError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.InvalidManifest, what, options);
  }
}

export class ApiVersionError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.ApiVersionMismatch, what, options);
  }
}

export class DuplicateIdError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.DuplicateId, what, options);
  }
}

export class UnknownContributionError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.UnknownContribution, what, options);
  }
}

export class ParamsError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.InvalidParams, what, options);
  }
}

export class InputError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.InvalidInput, what, options);
  }
}

export class UnitError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.UnitError, what, options);
  }
}

export class DataError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.InvalidData, what, options);
  }
}

export class AbortError extends IonscopeError {
  constructor(what = 'the operation was cancelled', options: IonscopeErrorOptions = {}) {
    super(ErrorCode.Aborted, what, options);
  }
}

export class NumericalError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.NumericalError, what, options);
  }
}

export class SerializationError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.SerializationError, what, options);
  }
}

export class PluginFailureError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.PluginFailure, what, options);
  }
}

export class ConfigError extends IonscopeError {
  constructor(what: string, options: IonscopeErrorOptions = {}) {
    super(ErrorCode.ConfigError, what, options);
  }
}

/**
 * Wraps anything thrown into an IonscopeError, keeping IonscopeErrors as they are.
 * `context` names the plugin/analysis so foreign errors still say where they came from.
 */
export function toIonscopeError(error: unknown, context: IonscopeErrorOptions & { what?: string } = {}): IonscopeError {
  if (error instanceof IonscopeError) {
    if (context.file && !error.file) {
      // Re-raise with the file named: the reader did not know the user's file name.
      const relocated = new IonscopeError(error.code, error.description, {
        file: context.file,
        line: error.line,
        offset: error.offset,
        field: error.field ?? context.field,
        expected: error.expected,
        found: error.found,
        details: error.details,
        cause: error,
      });
      return relocated;
    }
    return error;
  }
  if (isAbort(error)) return new AbortError(undefined, { ...context, cause: error });
  const text = error instanceof Error ? error.message : String(error);
  const what = context.what ? `${context.what}: ${text}` : text;
  return new PluginFailureError(what, { ...context, cause: error });
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'AbortError';
}

/** Throws an {@link AbortError} when the signal has been aborted. Call it in long loops. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}
