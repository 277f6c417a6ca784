import { ParseError } from '@ionscope/core';
import { unzipSync } from 'fflate';

/** True when the bytes start with a ZIP local-file header (PK\x03\x04). */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** The names in a ZIP's central directory, read from the bytes a sniffer sees (best effort). */
export function zipNamesInHead(head: Uint8Array): string {
  // Local headers carry the file names in clear text; a sniffer only needs to spot them.
  return new TextDecoder('latin1').decode(head.subarray(0, Math.min(head.length, 65536)));
}

/** Unzips all entries (fflate); a ParseError when the archive is damaged. */
export function unzip(bytes: Uint8Array, fileName: string): Record<string, Uint8Array> {
  if (!isZip(bytes)) throw new ParseError('not a ZIP archive', { file: fileName, offset: 0, expected: 'the ZIP signature PK\\x03\\x04' });
  try {
    return unzipSync(bytes);
  } catch (error) {
    throw new ParseError(`damaged ZIP archive: ${(error as Error).message}`, { file: fileName, cause: error });
  }
}

/** The entry whose path matches, case-insensitively. */
export function findEntry(entries: Record<string, Uint8Array>, pattern: RegExp): [string, Uint8Array] | undefined {
  const names = Object.keys(entries).sort();
  const name = names.find((n) => pattern.test(n));
  return name ? [name, entries[name] as Uint8Array] : undefined;
}
