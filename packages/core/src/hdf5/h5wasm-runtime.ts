import h5wasm from 'h5wasm';

/** The h5wasm module once its WASM runtime is ready (loaded lazily, once). */
export type H5Module = typeof h5wasm;
export type H5File = InstanceType<typeof h5wasm.File>;
export type H5Group = InstanceType<typeof h5wasm.Group>;
export type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

let ready: Promise<{ FS: { writeFile(path: string, data: Uint8Array): void; readFile(path: string): Uint8Array; unlink(path: string): void } }> | undefined;

/** Loads h5wasm's WASM runtime on first use (its ESM build runs in Node and in browsers). */
export async function loadH5wasm(): Promise<{
  h5: H5Module;
  FS: { writeFile(path: string, data: Uint8Array): void; readFile(path: string): Uint8Array; unlink(path: string): void };
}> {
  ready ??= (h5wasm.ready as unknown as Promise<{ activate_throwing_error_handler?: () => number }>).then((module) => {
    // HDF5 errors become JS exceptions (with the HDF5 error stack as message) instead of a
    // diagnostic dump on stderr and an invalid id, so a corrupt file fails where it is opened.
    module.activate_throwing_error_handler?.();
    return module;
  }) as unknown as typeof ready;
  const { FS } = (await ready) as NonNullable<Awaited<typeof ready>>;
  return { h5: h5wasm, FS };
}

let counter = 0;
/** A unique path in h5wasm's in-memory file system. */
export function scratchPath(hint: string): string {
  counter += 1;
  return `/ionscope-${counter}-${hint.replace(/[^A-Za-z0-9._-]/g, '_').slice(-40)}`;
}
