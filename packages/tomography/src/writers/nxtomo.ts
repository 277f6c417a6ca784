/**
 * `tomography.nxtomo`: projections (with flats and darks) as a NeXus NXtomo file: one frame stack
 * `entry/instrument/detector/data` ordered darks, flats, projections with `image_key` 2/1/0,
 * `entry/sample/rotation_angle` in degrees, `x_pixel_size`/`y_pixel_size` in metres, and an NXdata
 * group linking them, as the NXtomo application definition lays out. Read back by
 * `tomography.nxtomo`. (Volumes and results go through core's generic NeXus writer `ionscope.nexus`.)
 */
import { DTYPE_CONSTRUCTORS, dtypeOf, type WriterContribution, writeHdf5 } from '@ionscope/core';
import { KIND_PROJECTIONS, projectionsOf } from '../kinds';

export const nxtomoWriter: WriterContribution = {
  id: 'tomography.nxtomo',
  name: 'NeXus NXtomo (HDF5)',
  accepts: [KIND_PROJECTIONS],
  extension: '.nxs',
  mediaType: 'application/x-hdf5',
  async write(ds) {
    const p = projectionsOf(ds);
    const [na, nr, nc] = p.shape;
    const nf = p.flats?.count ?? 0;
    const nd = p.darks?.count ?? 0;
    const total = na + nf + nd;
    const frame = nr * nc;
    const dtype = dtypeOf(p.projections);
    const frames = new DTYPE_CONSTRUCTORS[dtype](total * frame);
    const keys = new Int32Array(total);
    const angles = new Float64Array(total);
    let at = 0;
    if (p.darks) {
      frames.set(p.darks.values as never, 0);
      keys.fill(2, 0, nd);
      at = nd;
    }
    if (p.flats) {
      frames.set(p.flats.values as never, at * frame);
      keys.fill(1, at, at + nf);
      at += nf;
    }
    frames.set(p.projections as never, at * frame);
    for (let a = 0; a < na; a++) angles[at + a] = ((p.theta[a] as number) * 180) / Math.PI;
    return writeHdf5('the NXtomo file', (file) => {
      file.create_attribute('NX_class', 'NXroot');
      file.create_attribute('creator', '@ionscope/tomography');
      const entry = file.create_group('entry');
      entry.create_attribute('NX_class', 'NXentry');
      entry.create_dataset({ name: 'definition', data: 'NXtomo' });
      if (ds.meta.title) entry.create_dataset({ name: 'title', data: ds.meta.title });
      const instrument = entry.create_group('instrument');
      instrument.create_attribute('NX_class', 'NXinstrument');
      const detector = instrument.create_group('detector');
      detector.create_attribute('NX_class', 'NXdetector');
      detector.create_dataset({ name: 'data', data: frames, shape: [total, nr, nc], chunks: [1, nr, nc], compression: 1 });
      detector.create_dataset({ name: 'image_key', data: keys });
      if (p.pixelSizeUm !== undefined) {
        for (const name of ['x_pixel_size', 'y_pixel_size']) {
          const d = detector.create_dataset({ name, data: new Float64Array([p.pixelSizeUm * 1e-6]) });
          d.create_attribute('units', 'm');
        }
      }
      const sample = entry.create_group('sample');
      sample.create_attribute('NX_class', 'NXsample');
      if (ds.meta.sample?.name) sample.create_dataset({ name: 'name', data: ds.meta.sample.name });
      const rot = sample.create_dataset({ name: 'rotation_angle', data: angles });
      rot.create_attribute('units', 'degree');
      const data = entry.create_group('data');
      data.create_attribute('NX_class', 'NXdata');
      data.create_attribute('signal', 'data');
      data.create_soft_link('/entry/instrument/detector/data', 'data');
      data.create_soft_link('/entry/instrument/detector/image_key', 'image_key');
      data.create_soft_link('/entry/sample/rotation_angle', 'rotation_angle');
    });
  },
};
