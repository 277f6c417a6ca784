/**
 * DXchange HDF5 (De Carlo et al. 2014, J. Synchrotron Rad. 21, 1224; the format TomoPy and the APS
 * write): `/exchange/data` (angle × row × col), `/exchange/data_white` (flats), `/exchange/data_dark`
 * (darks), `/exchange/theta` in degrees or radians (the `units` attribute decides, else the range;
 * see io/angles.ts). Pixel size from `/measurement/instrument/detection_system/objective/resolution`
 * or `/measurement/instrument/detector/actual_pixel_size_x` when present.
 */
import { Confidence, type FileSource, isHdf5, openHdf5, ParseError, type ReaderContribution, type SniffInput } from '@ionscope/core';
import { anglesToRadians, evenAngles } from '../io/angles';
import { attrString, datasetNumber, datasetString, getDataset, headContains, readNumeric } from '../io/hdf5';
import { KIND_PROJECTIONS, projectionsDataset } from '../kinds';
import { lengthToMicrometres } from './units';
import { guardRead } from './guard';

export function sniffDxchange({ head }: SniffInput): number {
  if (!isHdf5(head) || !headContains(head, 'exchange')) return Confidence.no;
  return headContains(head, 'data_white') || headContains(head, 'theta') ? 0.95 : Confidence.likely;
}

const PIXEL_PATHS = ['/measurement/instrument/detection_system/objective/resolution', '/measurement/instrument/detector/actual_pixel_size_x'];

export async function readDxchange(source: FileSource) {
  const file = source.name;
  const h5 = await openHdf5(source.bytes, file);
  try {
    const f = h5.file;
    if (!getDataset(f, '/exchange/data')) {
      throw new ParseError('no /exchange/data dataset: not a DXchange file', { file, field: '/exchange/data', expected: 'projections angle × row × col' });
    }
    const data = readNumeric(f, '/exchange/data', file, 3);
    const [na, nr, nc] = data.shape as [number, number, number];
    const extra = (path: string) => {
      if (!getDataset(f, path)) return undefined;
      const d = readNumeric(f, path, file, 3);
      if (d.shape[1] !== nr || d.shape[2] !== nc) {
        throw new ParseError(`${path} images are ${d.shape[1]} × ${d.shape[2]} but projections are ${nr} × ${nc}`, { file, field: path });
      }
      return { values: d.values, count: d.shape[0] as number };
    };
    const flats = extra('/exchange/data_white');
    const darks = extra('/exchange/data_dark');
    const thetaDs = getDataset(f, '/exchange/theta');
    let angles: ReturnType<typeof anglesToRadians> | undefined;
    if (thetaDs) {
      const t = readNumeric(f, '/exchange/theta', file);
      if (t.values.length !== na)
        throw new ParseError(`${t.values.length} angles for ${na} projections`, { file, field: '/exchange/theta', expected: `${na} angles` });
      angles = anglesToRadians(t.values, attrString(thetaDs, 'units'), file, '/exchange/theta');
    }
    let pixelSizeUm: number | undefined;
    for (const path of PIXEL_PATHS) {
      const v = datasetNumber(f, path);
      if (v !== undefined && v > 0) {
        pixelSizeUm = lengthToMicrometres(v, attrString(getDataset(f, path), 'units'));
        if (pixelSizeUm !== undefined) break;
      }
    }
    const sampleName = datasetString(f, '/measurement/sample/name');
    const title = datasetString(f, '/exchange/title');
    return projectionsDataset({
      projections: data.values,
      shape: [na, nr, nc],
      theta: angles?.theta ?? evenAngles(na),
      ...(flats ? { flats } : {}),
      ...(darks ? { darks } : {}),
      ...(pixelSizeUm !== undefined ? { pixelSizeUm } : {}),
      unit: 'counts',
      values: {
        thetaUnitInFile: angles?.unitInFile ?? 'absent',
        thetaUnitSource: angles?.unitSource ?? 'assumed: evenly spaced over [0, 180°)',
        layout: 'DXchange',
      },
      meta: {
        ...(title ? { title } : {}),
        ...(sampleName ? { sample: { name: sampleName } } : {}),
        source: { fileName: file, format: `DXchange HDF5${datasetString(f, '/implements') ? ` (${datasetString(f, '/implements')})` : ''}` },
      },
    });
  } finally {
    h5.close();
  }
}

export const dxchangeReader: ReaderContribution = {
  id: 'tomography.dxchange',
  name: 'DXchange HDF5 (/exchange/data, data_white, data_dark, theta)',
  extensions: ['.h5', '.hdf5', '.hdf', '.dxchange'],
  kinds: [KIND_PROJECTIONS],
  sniff: sniffDxchange,
  read: (source) => guardRead(source.name, () => readDxchange(source)),
};
