/**
 * Text decoding helpers readers share: BOM and UTF-16 detection, and line splitting that accepts
 * CRLF, LF and CR endings.
 */

/** Decodes bytes as text: UTF-8 (BOM stripped), or UTF-16 LE/BE when a BOM or NUL pattern says so. */
export function decodeText(bytes: Uint8Array, fallbackEncoding = 'utf-8'): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return new TextDecoder('utf-16le').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Instrument exports from Windows software are often Latin-1 / cp1252 (µ, °, Ω as single bytes).
    return new TextDecoder(fallbackEncoding === 'utf-8' ? 'windows-1252' : fallbackEncoding).decode(bytes);
  }
}

/** Splits text into lines on CRLF, LF or CR. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** The first `maxBytes` bytes decoded leniently, for sniffers. */
export function headText(bytes: Uint8Array, maxBytes = 4096): string {
  return decodeText(bytes.subarray(0, Math.min(bytes.length, maxBytes)));
}

/** True when the bytes look like text (few control characters). */
export function looksLikeText(bytes: Uint8Array, maxBytes = 4096): boolean {
  const n = Math.min(bytes.length, maxBytes);
  if (n === 0) return false;
  if (n >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12)) control++;
  }
  return control / n < 0.01;
}
