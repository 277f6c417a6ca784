import type { Logger } from '@ionscope/core';

/**
 * Everything that is not the command's answer goes to stderr, so `--json` output on stdout stays a
 * single parseable object. `verbose` adds info and debug lines.
 */
export function stderrLogger(verbose = false): Logger {
  const write = (prefix: string, message: string) => process.stderr.write(`${prefix}${message}\n`);
  return {
    debug: (message) => verbose && write('ionscope: debug: ', message),
    info: (message) => verbose && write('ionscope: ', message),
    warn: (message) => write('ionscope: warning: ', message),
  };
}

/**
 * Sends console.log/info/debug from plugins to stderr while a `--json` command runs, so a chatty
 * plugin cannot break the one-object-on-stdout promise.
 */
export function keepStdoutForJson(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

/** Writes the command's answer to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
