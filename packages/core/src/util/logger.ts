/** What analyses and readers log through. The app decides where it goes. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

/** A logger that drops everything (the default in library use). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };

/** A logger that records messages in memory (tests, and warnings carried into provenance). */
export function memoryLogger(): Logger & { entries: { level: 'debug' | 'info' | 'warn'; message: string }[] } {
  const entries: { level: 'debug' | 'info' | 'warn'; message: string }[] = [];
  return {
    entries,
    debug: (message) => entries.push({ level: 'debug', message }),
    info: (message) => entries.push({ level: 'info', message }),
    warn: (message) => entries.push({ level: 'warn', message }),
  };
}
