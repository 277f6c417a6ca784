import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';
import { KIND_DEFINITIONS } from './kinds';
import { als832Reader } from './readers/als832';
import { dxchangeReader } from './readers/dxchange';
import { npyReader } from './readers/npy';
import { nrrdReader } from './readers/nrrd';
import { nxtomoReader } from './readers/nxtomo';
import { tiffReader } from './readers/tiff';

/**
 * @packageDocumentation @ionscope/tomography: X-ray tomography from projections to reconstructed
 * volumes, segmentation, microstructure metrics and tortuosity.
 */
export default definePlugin({
  id: 'tomography',
  name: 'X-ray tomography',
  version: packageJson.version,
  apiVersion: '^1',
  description:
    'Projections → flat/dark correction, ring removal, phase retrieval, centre finding → FBP/SIRT reconstruction → segmentation → porosity, surface area, particles, tortuosity.',
  technique: { label: 'X-ray computed tomography' },
  license: 'MIT',
  kinds: KIND_DEFINITIONS,
  readers: [dxchangeReader, nxtomoReader, als832Reader, tiffReader, npyReader, nrrdReader],
});

export * from './kinds';
