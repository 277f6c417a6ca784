/**
 * CIF crystal structures as `xrd.structure` datasets (`values.structures`: one entry per file;
 * reading a folder of CIFs with readMany gives a reference set for phase identification).
 */
import { Confidence, createDataset, type Dataset, type FileSource, type JsonValue, type ReaderContribution } from '@ionscope/core';
import { KIND_STRUCTURE } from '../kinds';
import { readCifStructure } from '../structure/cif-structure';
import type { Structure } from '../structure/structure';
import { extensionOf, sniffText, textOf } from './common';

export function structureToJson(s: Structure, fileName?: string): JsonValue {
  return {
    name: s.name,
    ...(fileName ? { fileName } : {}),
    ...(s.formula ? { formula: s.formula } : {}),
    cell: { ...s.cell },
    ...(s.cellSu ? { cellSu: { ...s.cellSu } as Record<string, number> } : {}),
    ...(s.spaceGroup ? { spaceGroup: { ...s.spaceGroup } } : {}),
    symops: s.symops.map((o) => o.text),
    sites: s.sites.map((a) => ({ ...a }) as unknown as JsonValue),
  } as JsonValue;
}

function structureDataset(items: { structure: Structure; fileName: string }[]): Dataset {
  return createDataset({
    kind: KIND_STRUCTURE,
    values: { structures: items.map((i) => structureToJson(i.structure, i.fileName)) },
    meta: { title: items.map((i) => i.structure.formula ?? i.structure.name).join(', '), source: { fileName: items[0]?.fileName ?? '', format: 'CIF' } },
  });
}

export const cifStructureReader: ReaderContribution = {
  id: 'xrd.cif',
  name: 'Crystal structure CIF (.cif)',
  extensions: ['.cif', '.mcif'],
  kinds: [KIND_STRUCTURE],
  sniff(input) {
    const text = sniffText(input, 65536);
    if (!text) return Confidence.no;
    const structure = /_atom_site_fract_x/i.test(text) && /_cell_length_a/i.test(text);
    if (structure && !/^_pd_(meas|proc)_/m.test(text)) return Confidence.likely;
    if (structure) return Confidence.plausible - 0.1;
    return extensionOf(input.name) === '.cif' && /^data_/m.test(text) ? Confidence.generic : Confidence.no;
  },
  read: (source: FileSource) => structureDataset([{ structure: readCifStructure(textOf(source), source.name), fileName: source.name }]),
  readMany: (sources: FileSource[]) => structureDataset(sources.map((s) => ({ structure: readCifStructure(textOf(s), s.name), fileName: s.name }))),
};
