import { type ErrorCode, IonscopeError, type IonscopeErrorOptions, toIonscopeError } from '@ionscope/core';
import { printJson } from './log';

/**
 * Error codes the CLI adds to core's (`E_PARSE`, `E_NO_READER`, ...). Stable: scripts match on them.
 * - `E_USAGE`: a command line that cannot be run (missing option, malformed `--param`);
 * - `E_FILE`: a file or folder that cannot be read or written;
 * - `E_WORKER`: a worker thread died while running a batch chunk.
 */
export const CliErrorCode = { Usage: 'E_USAGE', File: 'E_FILE', Worker: 'E_WORKER' } as const;

/** Exit codes: 0 everything worked, 1 an error (usage, config, a failed analysis), 2 a batch with failed inputs, 130 interrupted. */
export const ExitCode = { Ok: 0, Error: 1, Partial: 2, Interrupted: 130 } as const;

export class CliError extends IonscopeError {
  constructor(code: (typeof CliErrorCode)[keyof typeof CliErrorCode], what: string, options: IonscopeErrorOptions = {}) {
    super(code as unknown as ErrorCode, what, options);
  }
}

export const usageError = (what: string, options: IonscopeErrorOptions = {}) => new CliError(CliErrorCode.Usage, what, options);

/** A Node file-system error as an E_FILE error naming the path. */
export function fileError(error: unknown, path: string, doing = 'cannot read'): IonscopeError {
  if (error instanceof IonscopeError) return error;
  const e = error as NodeJS.ErrnoException;
  const reason =
    e?.code === 'ENOENT'
      ? 'no such file or folder'
      : e?.code === 'EACCES'
        ? 'permission denied'
        : e?.code === 'EISDIR'
          ? 'is a folder'
          : (e?.message ?? String(error));
  return new CliError(CliErrorCode.File, `${doing} it: ${reason}`, { file: path, cause: error });
}

/** The `error` member of a `{"ok": false}` JSON answer. */
export function errorToJson(error: unknown): Record<string, unknown> {
  return toIonscopeError(error).toJSON();
}

/** Prints an error the way the mode asks: `{"ok":false,"error":{...}}` on stdout, or a line on stderr. */
export function reportError(error: unknown, json: boolean): number {
  if (json) printJson({ ok: false, error: errorToJson(error) });
  else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ionscope: error: ${message}\n`);
    if (!(error instanceof IonscopeError) && error instanceof Error && error.stack && process.env.IONSCOPE_DEBUG) process.stderr.write(`${error.stack}\n`);
  }
  return ExitCode.Error;
}
