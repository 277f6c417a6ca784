/**
 * Powder CIF (pdCIF, Toby, Powder Diffraction 13 (1998) 45; IUCr pdCIF dictionary): the data block
 * with a `_pd_meas_*` or `_pd_proc_*` intensity loop. Positions from a 2θ column
 * (`_pd_meas_2theta_scan`, `_pd_proc_2theta_corrected`...) or from
 * `_pd_meas_2theta_range_min/_inc/_max`; intensities from counts or intensity columns with their
 * standard uncertainties in parentheses (`5540(160)`); wavelength and probe from `_diffrn_radiation_*`.
 */
import { Confidence, type FileSource, ParseError, type ReaderContribution } from '@ionscope/core';
import { type CifBlock, cifNumber, cifValue, loopColumn, parseCif } from '../io/cif';
import { KIND_PATTERN, makePattern, type Radiation } from '../kinds';
import { extensionOf, regularAxis, sniffText, textOf } from './common';

const INTENSITY_TAGS = [
  '_pd_meas_counts_total',
  '_pd_meas_intensity_total',
  '_pd_proc_intensity_total',
  '_pd_meas_intensity_net',
  '_pd_proc_intensity_net',
  '_pd_meas_counts_background',
];
const POSITION_TAGS = ['_pd_meas_2theta_scan', '_pd_proc_2theta_corrected', '_pd_meas_2theta_fixed', '_pd_proc_2theta_range'];

export function findPowderBlock(blocks: CifBlock[]): { block: CifBlock; tag: string } | undefined {
  for (const block of blocks) {
    for (const tag of INTENSITY_TAGS) {
      if (block.loops.some((l) => l.tags.includes(tag))) return { block, tag };
    }
  }
  return undefined;
}

export function readPdCif(source: FileSource) {
  const file = source.name;
  const blocks = parseCif(textOf(source), file);
  const found = findPowderBlock(blocks);
  if (!found) throw new ParseError('no powder profile loop', { file, expected: `a loop with one of ${INTENSITY_TAGS.join(', ')}` });
  const { block, tag } = found;
  const loop = block.loops.find((l) => l.tags.includes(tag));
  const column = loop ? (loopColumn(loop, tag) as string[]) : [];
  const n = column.length;
  const y = new Float64Array(n);
  const variances = new Float64Array(n);
  let hasSu = false;
  for (let i = 0; i < n; i++) {
    const v = cifNumber(column[i]);
    if (!Number.isFinite(v.value)) throw new ParseError(`intensity ${i + 1} is not a number`, { file, line: loop?.line, field: tag, found: column[i] });
    y[i] = v.value;
    if (v.su !== undefined) {
      variances[i] = v.su * v.su;
      hasSu = true;
    } else variances[i] = Math.max(v.value, 1);
  }
  let x: Float64Array | { start: number; step: number; length: number } | undefined;
  const posTag = POSITION_TAGS.find((t) => loop?.tags.includes(t));
  if (posTag && loop) {
    const col = loopColumn(loop, posTag) as string[];
    x = Float64Array.from(col, (s) => cifNumber(s).value);
  } else {
    const min = cifNumber(cifValue(block, '_pd_meas_2theta_range_min') ?? cifValue(block, '_pd_proc_2theta_range_min')).value;
    const inc = cifNumber(cifValue(block, '_pd_meas_2theta_range_inc') ?? cifValue(block, '_pd_proc_2theta_range_inc')).value;
    x = regularAxis(min, inc, n, file, '_pd_meas_2theta_range_min/_inc');
  }
  const probe = (cifValue(block, '_diffrn_radiation_probe') ?? cifValue(block, '_diffrn_radiation_type') ?? '').toLowerCase();
  const wl = cifNumber(cifValue(block, '_diffrn_radiation_wavelength')).value;
  const radiation: Radiation = { probe: probe.includes('neutron') ? 'neutron' : probe.includes('synchrotron') ? 'synchrotron' : 'x-ray' };
  if (wl > 0) radiation.wavelength = wl;
  const target = cifValue(block, '_diffrn_radiation_type');
  if (target && /^(Cu|Co|Mo|Ag|Cr|Fe)\s*K/i.test(target)) radiation.anode = target.slice(0, 2);
  return makePattern({
    x,
    intensity: y,
    intensityUnit: tag.includes('counts') ? 'counts' : 'counts',
    ...(hasSu || tag.includes('counts') ? { variances } : {}),
    radiation,
    meta: { title: block.name, source: { fileName: file, format: 'pdCIF' } },
  });
}

export const pdCifReader: ReaderContribution = {
  id: 'xrd.pdcif',
  name: 'Powder CIF profile (pdCIF, .cif)',
  extensions: ['.cif', '.pdcif'],
  kinds: [KIND_PATTERN],
  sniff(input) {
    const text = sniffText(input, 65536);
    if (!text) return Confidence.no;
    const hasPowder = /^_pd_(meas|proc)_/m.test(text);
    if (hasPowder && /^data_/m.test(text)) return Confidence.likely;
    return extensionOf(input.name) === '.pdcif' ? Confidence.plausible : Confidence.no;
  },
  read: (source) => readPdCif(source),
};
