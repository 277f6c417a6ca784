/**
 * Reads a crystal structure from CIF (coreCIF dictionary): `_cell_*`, symmetry operators from
 * `_space_group_symop_operation_xyz` or `_symmetry_equiv_pos_as_xyz`, atom sites with
 * `_atom_site_fract_*`, occupancy, `_atom_site_B_iso_or_equiv`/`_U_iso_or_equiv`, and type symbols
 * with oxidation states (`Mn3.5+`, `O2-`, or `_atom_type_oxidation_number`). Without an operator
 * loop the operators come from the Hall symbol or, for common settings, the H-M symbol (hall.ts).
 */
import { ParseError } from '@ionscope/core';
import { type CifBlock, cifNumber, cifValue, findLoop, loopColumn, parseCif } from '../io/cif';
import type { Cell } from './cell';
import { CROMER_MANN } from './form-factor-table';
import type { AtomSite, Structure } from './structure';
import { operatorsForSpaceGroup } from './hall';
import { parseSymOp, type SymOp } from './symmetry';

const ELEMENTS = new Set(CROMER_MANN.map(([el]) => el));

/** `Mn3.5+` → {element: Mn, oxidation: 3.5}; `O2-` → O, −2; `Fe` → Fe; `Li1` label → Li. */
export function parseTypeSymbol(symbol: string): { element: string; oxidation?: number } | undefined {
  const m = /^([A-Z][a-z]?)(\d*\.?\d*)?([+-])?/.exec(symbol.trim());
  if (!m?.[1]) return undefined;
  let element = m[1];
  if (!ELEMENTS.has(element) && ELEMENTS.has(element.charAt(0))) element = element.charAt(0);
  if (!ELEMENTS.has(element)) return undefined;
  if (m[3]) {
    const magnitude = m[2] ? Number(m[2]) : 1;
    return { element, oxidation: (m[3] === '-' ? -1 : 1) * magnitude };
  }
  return { element };
}

function structureBlock(blocks: CifBlock[]): CifBlock | undefined {
  return blocks.find((b) => cifValue(b, '_cell_length_a') !== undefined && findLoop(b, '_atom_site_fract_x') !== undefined);
}

export function readCifStructure(text: string, fileName: string): Structure {
  const blocks = parseCif(text, fileName);
  const block = structureBlock(blocks);
  if (!block)
    throw new ParseError('no crystal structure in the CIF', { file: fileName, expected: 'a data block with _cell_length_a and an _atom_site_fract_x loop' });
  const cellValue = (tag: string, fallback?: number) => {
    const v = cifNumber(cifValue(block, tag));
    if (!Number.isFinite(v.value)) {
      if (fallback !== undefined) return { value: fallback };
      throw new ParseError(`missing or invalid ${tag}`, { file: fileName, line: block.line, field: tag, expected: 'a number' });
    }
    return v;
  };
  const a = cellValue('_cell_length_a');
  const b = cellValue('_cell_length_b', a.value);
  const c = cellValue('_cell_length_c', a.value);
  const alpha = cellValue('_cell_angle_alpha', 90);
  const beta = cellValue('_cell_angle_beta', 90);
  const gamma = cellValue('_cell_angle_gamma', 90);
  const cell: Cell = { a: a.value, b: b.value, c: c.value, alpha: alpha.value, beta: beta.value, gamma: gamma.value };
  if (![cell.a, cell.b, cell.c].every((v) => v > 0) || ![cell.alpha, cell.beta, cell.gamma].every((v) => v > 0 && v < 180)) {
    throw new ParseError('invalid cell', { file: fileName, field: '_cell_length_a', found: JSON.stringify(cell) });
  }
  const cellSu: Partial<Cell> = {};
  for (const [k, v] of Object.entries({ a, b, c, alpha, beta, gamma })) if ('su' in v && v.su !== undefined) cellSu[k as keyof Cell] = v.su;

  const hm = cifValue(block, '_space_group_name_h-m_alt') ?? cifValue(block, '_symmetry_space_group_name_h-m');
  const number = cifNumber(cifValue(block, '_space_group_it_number') ?? cifValue(block, '_symmetry_int_tables_number')).value;
  let symops: SymOp[] = [];
  const opTag = ['_space_group_symop_operation_xyz', '_symmetry_equiv_pos_as_xyz'].find((t) => findLoop(block, t) || block.items.has(t));
  if (opTag) {
    const loop = findLoop(block, opTag);
    const texts = loop ? (loopColumn(loop, opTag) as string[]) : [block.items.get(opTag) as string];
    symops = texts.map((t) => {
      try {
        return parseSymOp(t);
      } catch (error) {
        throw new ParseError(`bad symmetry operator: ${(error as Error).message}`, { file: fileName, line: loop?.line, field: opTag, found: t });
      }
    });
  } else {
    const hall = cifValue(block, '_space_group_name_hall') ?? cifValue(block, '_symmetry_space_group_name_hall');
    let fromTables: SymOp[] | undefined;
    try {
      fromTables = operatorsForSpaceGroup(hall, hm ?? (number === 1 ? 'P1' : undefined));
    } catch (error) {
      throw new ParseError(`cannot build the symmetry operators: ${(error as Error).message}`, {
        file: fileName,
        field: '_space_group_name_Hall',
        found: hall,
      });
    }
    if (!fromTables) {
      throw new ParseError('the CIF has no symmetry operators and its space group is not in the built-in table', {
        file: fileName,
        field: '_space_group_symop_operation_xyz',
        expected: 'a loop of symmetry operators, a Hall symbol, or a common H-M symbol',
        found: hm ?? 'no space group',
      });
    }
    symops = fromTables;
  }

  const oxidationByType = new Map<string, number>();
  const typeLoop = findLoop(block, '_atom_type_oxidation_number');
  if (typeLoop) {
    const syms = loopColumn(typeLoop, '_atom_type_symbol') ?? [];
    const ox = loopColumn(typeLoop, '_atom_type_oxidation_number') ?? [];
    syms.forEach((s, i) => {
      const v = cifNumber(ox[i]).value;
      if (Number.isFinite(v)) oxidationByType.set(s, v);
    });
  }

  const loop = findLoop(block, '_atom_site_fract_x');
  if (!loop) throw new ParseError('no atom sites', { file: fileName, field: '_atom_site_fract_x' });
  const col = (tag: string) => loopColumn(loop, tag);
  const labels = col('_atom_site_label');
  const types = col('_atom_site_type_symbol');
  const xs = col('_atom_site_fract_x') as string[];
  const ys = col('_atom_site_fract_y');
  const zs = col('_atom_site_fract_z');
  const occ = col('_atom_site_occupancy');
  const biso = col('_atom_site_b_iso_or_equiv');
  const uiso = col('_atom_site_u_iso_or_equiv');
  if (!ys || !zs) throw new ParseError('atom sites need fract_x, fract_y and fract_z', { file: fileName, line: loop.line, field: '_atom_site_fract_y' });
  const sites: AtomSite[] = [];
  for (let i = 0; i < xs.length; i++) {
    const label = labels?.[i] ?? `site${i + 1}`;
    const typeSymbol = types?.[i] ?? label;
    const parsed = parseTypeSymbol(typeSymbol) ?? parseTypeSymbol(label);
    if (!parsed)
      throw new ParseError(`unknown element in "${typeSymbol}"`, { file: fileName, line: loop.line, field: '_atom_site_type_symbol', found: typeSymbol });
    const x = cifNumber(xs[i]).value;
    const y = cifNumber(ys[i]).value;
    const z = cifNumber(zs[i]).value;
    if (![x, y, z].every(Number.isFinite))
      throw new ParseError(`site ${label} has no numeric coordinates`, {
        file: fileName,
        line: loop.line,
        field: '_atom_site_fract_x',
        found: `${xs[i]} ${ys[i]} ${zs[i]}`,
      });
    const o = cifNumber(occ?.[i]).value;
    const site: AtomSite = { label, element: parsed.element, typeSymbol, x, y, z, occupancy: Number.isFinite(o) ? o : 1 };
    const ox = oxidationByType.get(typeSymbol) ?? parsed.oxidation;
    if (ox !== undefined) site.oxidation = ox;
    const B = cifNumber(biso?.[i]).value;
    const U = cifNumber(uiso?.[i]).value;
    if (Number.isFinite(B)) site.biso = B;
    else if (Number.isFinite(U)) site.biso = 8 * Math.PI * Math.PI * U;
    sites.push(site);
  }
  const formula = cifValue(block, '_chemical_formula_structural') ?? cifValue(block, '_chemical_formula_sum');
  return {
    name: block.name,
    cell,
    ...(Object.keys(cellSu).length ? { cellSu } : {}),
    ...(hm || Number.isFinite(number) ? { spaceGroup: { ...(hm ? { hm } : {}), ...(Number.isFinite(number) ? { number } : {}) } } : {}),
    symops,
    sites,
    ...(formula ? { formula } : {}),
  };
}
