import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';
import { particlesAnalysis } from './analyses/particles';
import { porosityAnalysis } from './analyses/porosity';
import { reconstructAnalysis } from './analyses/reconstruct';
import { reconstructConeAnalysis } from './analyses/reconstruct-cone';
import { segmentAnalysis } from './analyses/segment';
import { surfaceAreaAnalysis } from './analyses/surface-area';
import { tortuosityAnalysis } from './analyses/tortuosity';
import { KIND_DEFINITIONS } from './kinds';
import { als832Reader } from './readers/als832';
import { dxchangeReader } from './readers/dxchange';
import { npyReader } from './readers/npy';
import { nrrdReader } from './readers/nrrd';
import { nxtomoReader } from './readers/nxtomo';
import { tiffReader } from './readers/tiff';
import { fractionsView, histogramView, particleSizesView } from './views/charts';
import { mipView, projectionView, sinogramView, slicesView } from './views/slices';
import { nrrdWriter } from './writers/nrrd';
import { nxtomoWriter } from './writers/nxtomo';
import { tiffWriter } from './writers/tiff';

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
    'Projections → flat/dark correction, ring removal, phase retrieval, automatic centre → FBP/SIRT/CGLS (parallel) or FDK (cone-beam) reconstruction → segmentation → porosity, surface area, particles, tortuosity.',
  technique: { label: 'X-ray computed tomography' },
  license: 'MIT',
  kinds: KIND_DEFINITIONS,
  readers: [dxchangeReader, nxtomoReader, als832Reader, tiffReader, npyReader, nrrdReader],
  analyses: [reconstructAnalysis, reconstructConeAnalysis, segmentAnalysis, porosityAnalysis, tortuosityAnalysis, surfaceAreaAnalysis, particlesAnalysis],
  views: [slicesView, mipView, projectionView, sinogramView, histogramView, fractionsView, particleSizesView],
  writers: [tiffWriter, nrrdWriter, nxtomoWriter],
  // reconstruction slabs run on the host's worker threads (ctx.parallel) through this module
  workerModule: './dist/worker.js',
  sampleData: [
    {
      id: 'tomography.tooth',
      title: 'TomoPy tooth scan (APS, DXchange)',
      description: '181 projections of 2 rows × 640 pixels over 0–179°, with flats and darks; the rotation centre (≈ 295 px) is found automatically.',
      files: { input: 'examples/tooth.h5' },
      license: 'BSD-3-Clause',
      source: 'tomopy/tomopy@2c94ed18 source/tomopy/data/tooth.h5 (see examples/NOTICE.md)',
      analyses: [
        {
          analysis: 'tomography.reconstruct',
          params: { centre: 'auto', filter: 'shepp-logan', ringRemoval: 'both', ringSize: 11 },
          views: ['tomography.slices'],
        },
      ],
    },
    {
      id: 'tomography.electrode',
      title: 'NMC cathode, 64³ crop of the TauFactor electrode (pore 0, NMC 85, CBD 170)',
      description: 'Segmented three-phase electrode, voxel 0.390625 µm: porosity, tortuosity of the pores, surface areas, NMC particles.',
      files: { input: 'examples/electrode_nmc_crop64.tif' },
      license: 'MIT',
      source: 'tldr-group/taufactor@fb645485 docs/notebooks/electrode.tiff, cropped (see examples/NOTICE.md)',
      analyses: [
        { analysis: 'tomography.porosity', params: { phase: 0 } },
        { analysis: 'tomography.tortuosity', params: { phase: 0, direction: 'z' } },
        { analysis: 'tomography.surface-area', params: {} },
        { analysis: 'tomography.particles', params: { phase: 85 } },
      ],
    },
  ],
});

export * from './kinds';
export { FbpPlan, fbp } from './recon/fbp';
export { fdk } from './recon/fdk';
export { parkerWeight, scanWeighting } from './recon/scan-weights';
export { removeStripesWaveletFourier, WaveletStripeFilter } from './preprocess/stripes-wavelet';
export { daubechies } from './preprocess/daubechies';
export { Wavedec2 } from './preprocess/dwt';
export { cgls, sirt } from './recon/iterative';
export {
  type AsyncSinogramSource,
  projectionSource,
  reconstructSlabs,
  reconstructSlabsAsync,
  rowBlockSource,
  rowBlockSourceAsync,
  type SinogramSource,
  slabsInFlight,
} from './recon/slabs';
export { reconstructSlab } from './recon/slab-task';
export { VolumePreview } from './recon/volume-preview';
export { encodeNrrdHeader } from './io/nrrd';
export type { NrrdWriteOptions } from './io/nrrd';
export { openDxchangeSlabs } from './readers/dxchange-slabs';
export { tortuosity } from './volume/tortuosity/solve';
export { encodeTiffStack } from './io/tiff-encode';
export { decodeTiffStack } from './io/tiff-decode';

// Types that the exported functions take or return, exported so users (and the docs) can name them.
export type { DecodedTiff } from './io/tiff-decode';
export type { TiffStackOptions } from './io/tiff-encode';
export type { BackprojectGeometry } from './recon/backproject';
export type { FbpOptions } from './recon/fbp';
export type { ConeGeometry, FdkOptions, FdkResult } from './recon/fdk';
export type { ScanWeighting } from './recon/scan-weights';
export type { WaveletStripeOptions } from './preprocess/stripes-wavelet';
export type { WaveletFilters, WaveletName } from './preprocess/daubechies';
export { DAUBECHIES_ORDERS } from './preprocess/daubechies';
export type { DetailBands } from './preprocess/dwt';
export type { IterativeOptions, IterativeResult } from './recon/iterative';
export type { SlabReconstructionOptions, SlabSummary, SourceCorrection } from './recon/slabs';
export type { RingRemoval, SlabSettings, SlabTaskInput, SlabTaskResult } from './recon/slab-task';
export type { Axis } from './volume/tortuosity/problem';
export type { TortuosityOptions, TortuosityResult } from './volume/tortuosity/solve';
export type { NormalizeOptions } from './preprocess/normalize';
