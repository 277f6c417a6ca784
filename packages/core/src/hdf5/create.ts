import { IonscopeError, SerializationError } from '../errors';
import { type H5File, loadH5wasm, scratchPath } from './h5wasm-runtime';

/**
 * Writes a new HDF5 file in h5wasm's in-memory file system and returns its bytes: creates the file,
 * lets `fill` write groups, datasets and attributes, closes it, reads it back and always frees the
 * scratch copy, also when `fill` throws. HDF5 failures become a SerializationError that says what
 * was being written (`what`, e.g. "the NeXus file"); IonscopeErrors from `fill` pass unchanged.
 */
export async function writeHdf5(
  what: string,
  fill: (file: H5File) => void,
  options: { trackOrder?: boolean; describeError?: (error: unknown) => string } = {},
): Promise<Uint8Array> {
  const { h5, FS } = await loadH5wasm();
  const path = scratchPath(what.replace(/\W+/g, '-'));
  let file: H5File | undefined;
  try {
    file = options.trackOrder ? new h5.File(path, 'w', { track_order: true }) : new h5.File(path, 'w');
    fill(file);
    file.close();
    file = undefined;
    return FS.readFile(path);
  } catch (error) {
    if (error instanceof IonscopeError) throw error;
    const summary = options.describeError ? options.describeError(error) : ((error as Error)?.message ?? String(error));
    throw new SerializationError(`HDF5 could not write ${what}: ${summary}`, { cause: error });
  } finally {
    try {
      file?.close();
    } catch {
      // already failing: the original error is the useful one
    }
    try {
      FS.unlink(path);
    } catch {
      // the file was never created
    }
  }
}
