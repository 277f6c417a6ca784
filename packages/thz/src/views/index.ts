import type { ViewContribution } from '@ionscope/core';
import { map2dView, spectrum2dView } from './maps';
import { conductivityView, kineticsView, modelFitView, opticalConstantsView, photoconductivityView, spectrumView, transferView, waveformView } from './plots';

export const views: ViewContribution[] = [
  waveformView,
  spectrumView,
  opticalConstantsView,
  transferView,
  conductivityView,
  modelFitView,
  kineticsView,
  photoconductivityView,
  map2dView,
  spectrum2dView,
];
