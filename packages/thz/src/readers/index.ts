import type { ReaderContribution } from '@ionscope/core';
import { hdf5Reader } from './hdf5';
import { map2dTextReader } from './map2d-text';
import { nellyInputReader } from './nelly-input';
import { nellyTimReader } from './nelly-tim';
import { phoeniksTraceReader } from './phoeniks-trace';
import { textTraceReader } from './text-trace';

export const readers: ReaderContribution[] = [textTraceReader, nellyTimReader, phoeniksTraceReader, map2dTextReader, nellyInputReader, hdf5Reader];
export { hdf5Reader, map2dTextReader, nellyInputReader, nellyTimReader, phoeniksTraceReader, textTraceReader };
