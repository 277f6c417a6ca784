import { IonscopeError, ParseError } from '@ionscope/core';

/**
 * Runs a reader body and turns anything that is not already an IonscopeError (a TypeError from a
 * corrupted HDF5 object, a RangeError from a bad offset) into a ParseError naming the file, so a
 * damaged file never surfaces as a crash.
 */
export async function guardRead<T>(file: string, body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof IonscopeError) throw error;
    throw new ParseError(`the file could not be read: ${(error as Error)?.message ?? String(error)}`, { file, cause: error });
  }
}
