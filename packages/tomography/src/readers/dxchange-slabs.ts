/**
 * A DXchange file as a {@link SinogramSource}: projections are read a block of detector rows at a
 * time with h5wasm hyperslabs (`/exchange/data[:, r0:r1, :]`), so the decoded projections never
 * exist in memory all at once (flats and darks, which are small, are read whole). Pair it with
 * `reconstructSlabs` and a sink that writes slabs out to reconstruct volumes larger than memory.
 * The HDF5 bytes themselves still live in h5wasm's in-memory file system. Call `close()` when done.
 */
import { openHdf5, ParseError } from '@ionscope/core';
import { anglesToRadians, evenAngles } from '../io/angles';
import { attrString, getDataset, readNumeric, toNumericArray } from '../io/hdf5';
import { rowBlockSource, type SinogramSource } from '../recon/slabs';

export async function openDxchangeSlabs(bytes: Uint8Array, fileName = 'input.h5'): Promise<SinogramSource & { close(): void }> {
  const h5 = await openHdf5(bytes, fileName);
  try {
    const data = getDataset(h5.file, '/exchange/data');
    const shape = data?.shape;
    if (!data || !shape || shape.length !== 3) throw new ParseError('no 3-D /exchange/data', { file: fileName, field: '/exchange/data' });
    const [na, nr, nc] = shape as [number, number, number];
    const side = (path: string) => {
      if (!getDataset(h5.file, path)) return undefined;
      const d = readNumeric(h5.file, path, fileName, 3);
      return { values: d.values, count: d.shape[0] as number };
    };
    const thetaDs = getDataset(h5.file, '/exchange/theta');
    const theta = thetaDs
      ? anglesToRadians(readNumeric(h5.file, '/exchange/theta', fileName).values, attrString(thetaDs, 'units'), fileName).theta
      : evenAngles(na);
    const flats = side('/exchange/data_white');
    const darks = side('/exchange/data_dark');
    const source = rowBlockSource(
      [na, nr, nc],
      theta,
      (r0, r1) => {
        try {
          return toNumericArray(
            data.slice([
              [0, na],
              [r0, r1],
              [0, nc],
            ]),
            fileName,
            '/exchange/data',
          );
        } catch (error) {
          throw new ParseError(`rows ${r0}–${r1} of /exchange/data could not be read: ${(error as Error).message}`, {
            file: fileName,
            field: '/exchange/data',
            cause: error,
          });
        }
      },
      { raw: true, ...(flats ? { flats } : {}), ...(darks ? { darks } : {}) },
    );
    return { ...source, close: () => h5.close() };
  } catch (error) {
    h5.close();
    throw error;
  }
}
