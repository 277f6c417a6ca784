/**
 * SHA-256 of bytes as lower-case hex, with the Web Crypto API (in browsers and in Node ≥ 19 as
 * `globalThis.crypto`), so core stays isomorphic.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const view = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  const digest = await globalThis.crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  const out = new Uint8Array(digest);
  let hex = '';
  for (let i = 0; i < out.length; i++) hex += (out[i] as number).toString(16).padStart(2, '0');
  return hex;
}
