import type { ViewContribution } from '@ionscope/core';
import { bodeView } from './bode';
import { drtView } from './drt';
import { nyquistFitView, nyquistView } from './nyquist';
import { parametersSeriesView } from './parameters-series';
import { residualsView } from './residuals';

export const VIEWS: ViewContribution[] = [nyquistView, nyquistFitView, bodeView, residualsView, drtView, parametersSeriesView];
export { bodeView, drtView, nyquistFitView, nyquistView, parametersSeriesView, residualsView };
