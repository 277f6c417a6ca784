import { ParseError } from '../errors';
import { type H5File, loadH5wasm, scratchPath } from './h5wasm-runtime';

/** An HDF5 file opened from bytes; call `close()` when done to free the in-memory copy. */
export interface OpenHdf5 {
  file: H5File;
  close(): void;
}

/** The HDF5 signature (first 8 bytes) at offset 0, 512, 1024... (user block). */
export function isHdf5(head: Uint8Array): boolean {
  const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  for (let offset = 0; offset + 8 <= head.length; offset = offset === 0 ? 512 : offset * 2) {
    if (sig.every((b, i) => head[offset + i] === b)) return true;
    if (offset > 65536) break;
  }
  return false;
}

/**
 * Opens HDF5 bytes read-only with h5wasm. Readers use it for NeXus, DXchange, NXtomo and pyFAI
 * files. Throws a ParseError naming the file when the bytes are not HDF5.
 */
export async function openHdf5(bytes: Uint8Array, fileName = 'input.h5'): Promise<OpenHdf5> {
  if (!isHdf5(bytes.subarray(0, Math.min(bytes.length, 2048)))) {
    throw new ParseError('not an HDF5 file', { file: fileName, offset: 0, expected: 'the HDF5 signature \\x89HDF\\r\\n\\x1a\\n' });
  }
  const { h5, FS } = await loadH5wasm();
  const path = scratchPath(fileName);
  FS.writeFile(path, bytes);
  let file: H5File;
  try {
    file = new h5.File(path, 'r');
  } catch (error) {
    FS.unlink(path);
    throw new ParseError(`HDF5 library could not open the file: ${(error as Error).message}`, { file: fileName, cause: error });
  }
  return {
    file,
    close() {
      try {
        file.close();
      } finally {
        FS.unlink(path);
      }
    },
  };
}
