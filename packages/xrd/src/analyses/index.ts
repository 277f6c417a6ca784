import { findPeaksAnalysis } from './find-peaks';
import { fitPeaksAnalysis } from './fit-peaks';
import { identifyAnalysis } from './identify';
import { latticeAnalysis } from './lattice';
import { pawleyAnalysis } from './pawley';
import { processAnalysis, processSeriesAnalysis } from './process';
import { quantifyAnalysis } from './quantify';
import { rietveldAnalysis } from './rietveld';
import { simulateAnalysis } from './simulate';
import { sizeStrainAnalysis } from './size-strain';
import { trackPeaksAnalysis } from './track-peaks';

export const analyses = [
  findPeaksAnalysis,
  fitPeaksAnalysis,
  simulateAnalysis,
  identifyAnalysis,
  trackPeaksAnalysis,
  latticeAnalysis,
  sizeStrainAnalysis,
  pawleyAnalysis,
  quantifyAnalysis,
  rietveldAnalysis,
  processAnalysis,
  processSeriesAnalysis,
];
