import { DataError, type Dataset } from '@ionscope/core';
import { parseSymOp } from './symmetry';
import type { AtomSite, Structure } from './structure';

/** The structures held by an `xrd.structure` dataset (values.structures). */
export function structuresOf(ds: Dataset): (Structure & { fileName?: string })[] {
  const list = ds.values?.structures;
  if (!Array.isArray(list) || !list.length)
    throw new DataError('the dataset holds no structures', { field: 'values.structures', expected: 'a dataset read from a CIF' });
  return list.map((raw) => {
    const s = raw as unknown as {
      name: string;
      fileName?: string;
      formula?: string;
      cell: Structure['cell'];
      spaceGroup?: Structure['spaceGroup'];
      symops: string[];
      sites: AtomSite[];
    };
    return {
      name: s.name,
      ...(s.fileName ? { fileName: s.fileName } : {}),
      ...(s.formula ? { formula: s.formula } : {}),
      cell: s.cell,
      ...(s.spaceGroup ? { spaceGroup: s.spaceGroup } : {}),
      symops: s.symops.map(parseSymOp),
      sites: s.sites,
    };
  });
}

/** A short name for a structure: formula (space group) or the block name. */
export function structureLabel(s: Structure & { fileName?: string }): string {
  const f = s.formula ?? s.name;
  return s.spaceGroup?.hm ? `${f} (${s.spaceGroup.hm})` : f;
}
