/**
 * @packageDocumentation __PACKAGE__: the __NAME__ plugin for ionscope. It reads the "__ID__ CSV
 * export", integrates the curve, and draws it. Replace each part with your technique's own.
 */
import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';
import { integrate } from './analyses/integrate';
import { KIND_CURVE, KIND_INTEGRAL } from './kinds';
import { csvReader } from './readers/csv';
import { lineView } from './views/line';

export { integrateTrapezoid } from './analyses/integrate';
export * from './kinds';

export default definePlugin({
  id: '__ID__',
  name: '__NAME__',
  version: packageJson.version,
  apiVersion: '^1',
  description: 'Reads __NAME__ CSV exports, integrates the curve with its standard error, and plots it.',
  // The EMMO/CHAMEO IRI of the characterisation method, when one exists:
  // technique: { iri: 'https://w3id.org/emmo/domain/characterisation-methodology/chameo#...', label: '__NAME__' },
  license: 'MIT',
  kinds: [
    { id: KIND_CURVE, description: 'A curve: signal y against x, with units (default V against s)' },
    { id: KIND_INTEGRAL, description: 'The curve with its integral (value, standard error, unit) in values.integral' },
  ],
  readers: [csvReader],
  analyses: [integrate],
  views: [lineView],
  sampleData: [
    {
      id: '__ID__.example',
      title: 'A linear ramp (y = 2x)',
      files: { input: 'examples/example.csv' },
      license: 'CC0-1.0',
      source: 'generated with the plugin by tools/create-plugin',
      analyses: [{ analysis: '__ID__.integrate' }],
    },
  ],
});
