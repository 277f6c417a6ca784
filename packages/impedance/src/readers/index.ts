import type { ReaderContribution } from '@ionscope/core';
import { withReadMany } from '../model/combine';
import { autolabReader } from './autolab';
import { biologicMprReader } from './biologic-mpr';
import { biologicMptReader } from './biologic-mpt';
import { chiReader } from './chi';
import { dfrReader } from './ecochemie-dfr';
import { gamryDtaReader } from './gamry-dta';
import { genericTableReader } from './generic-table';
import { i2bReader } from './i2b';
import { iviumReader } from './ivium';
import { p00Reader } from './p00';
import { palmSensReader } from './palmsens';
import { parstatReader } from './parstat';
import { powerSuiteReader } from './powersuite';
import { versaStudioReader } from './versastudio';
import { zplotReader } from './zplot';

/**
 * Every impedance reader, most specific first (the registry picks by sniff confidence). Each also
 * reads several files at once into one `impedance.series` (an operando sequence of files).
 */
export const READERS: ReaderContribution[] = [
  biologicMptReader,
  biologicMprReader,
  gamryDtaReader,
  zplotReader,
  autolabReader,
  chiReader,
  parstatReader,
  powerSuiteReader,
  versaStudioReader,
  iviumReader,
  palmSensReader,
  dfrReader,
  i2bReader,
  p00Reader,
  genericTableReader,
].map(withReadMany);

export {
  autolabReader,
  biologicMprReader,
  biologicMptReader,
  chiReader,
  dfrReader,
  gamryDtaReader,
  genericTableReader,
  i2bReader,
  iviumReader,
  p00Reader,
  palmSensReader,
  parstatReader,
  powerSuiteReader,
  versaStudioReader,
  zplotReader,
};
