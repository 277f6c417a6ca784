/**
 * Space-group operators from Hall symbols (S. R. Hall, Acta Cryst. A37 (1981) 517; International
 * Tables Vol. B, section A1.4.2): `[-]L N^A_T ... (V)`: lattice L with its centring vectors, `-` for a
 * centre of symmetry at the origin, rotation matrices N (1, 2, 3, 4, 6, improper with `-`) along the
 * default or given axis (x, y, z, ' and " for face diagonals, * for the body diagonal), translations
 * (a b c n u v w d, or a screw digit), and an optional origin shift V in twelfths. The group is the
 * closure of the generators modulo lattice translations.
 *
 * Used for CIFs without an operator loop: from `_space_group_name_Hall`, or from the H-M symbol through
 * a small table of common settings (each checked in the tests against the operators pymatgen wrote
 * into the reference CIFs, or against the group order).
 */
import { type SymOp, parseSymOp } from './symmetry';

type M3 = number[];

const ROT: Record<string, Record<number, M3>> = {
  x: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    2: [1, 0, 0, 0, -1, 0, 0, 0, -1],
    3: [1, 0, 0, 0, 0, -1, 0, 1, -1],
    4: [1, 0, 0, 0, 0, -1, 0, 1, 0],
    6: [1, 0, 0, 0, 1, -1, 0, 1, 0],
  },
  y: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    2: [-1, 0, 0, 0, 1, 0, 0, 0, -1],
    3: [-1, 0, 1, 0, 1, 0, -1, 0, 0],
    4: [0, 0, 1, 0, 1, 0, -1, 0, 0],
    6: [0, 0, 1, 0, 1, 0, -1, 0, 1],
  },
  z: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    2: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
    3: [0, -1, 0, 1, -1, 0, 0, 0, 1],
    4: [0, -1, 0, 1, 0, 0, 0, 0, 1],
    6: [1, -1, 0, 1, 0, 0, 0, 0, 1],
  },
};
// Two-fold axes along face diagonals, for a principal axis along x, y or z (ITC B Table A1.4.2.4).
const PRIMED: Record<string, Record<string, M3>> = {
  x: { "'": [-1, 0, 0, 0, 0, -1, 0, -1, 0], '"': [-1, 0, 0, 0, 0, 1, 0, 1, 0] },
  y: { "'": [0, 0, -1, 0, -1, 0, -1, 0, 0], '"': [0, 0, 1, 0, -1, 0, 1, 0, 0] },
  z: { "'": [0, -1, 0, -1, 0, 0, 0, 0, -1], '"': [0, 1, 0, 1, 0, 0, 0, 0, -1] },
};
const BODY_DIAGONAL_3: M3 = [0, 0, 1, 1, 0, 0, 0, 1, 0];
const TRANSLATIONS: Record<string, [number, number, number]> = {
  a: [0.5, 0, 0],
  b: [0, 0.5, 0],
  c: [0, 0, 0.5],
  n: [0.5, 0.5, 0.5],
  u: [0.25, 0, 0],
  v: [0, 0.25, 0],
  w: [0, 0, 0.25],
  d: [0.25, 0.25, 0.25],
};
const CENTRING: Record<string, [number, number, number][]> = {
  P: [],
  A: [[0, 0.5, 0.5]],
  B: [[0.5, 0, 0.5]],
  C: [[0.5, 0.5, 0]],
  I: [[0.5, 0.5, 0.5]],
  R: [
    [2 / 3, 1 / 3, 1 / 3],
    [1 / 3, 2 / 3, 2 / 3],
  ],
  S: [
    [1 / 3, 1 / 3, 2 / 3],
    [2 / 3, 2 / 3, 1 / 3],
  ],
  T: [
    [1 / 3, 2 / 3, 1 / 3],
    [2 / 3, 1 / 3, 2 / 3],
  ],
  F: [
    [0, 0.5, 0.5],
    [0.5, 0, 0.5],
    [0.5, 0.5, 0],
  ],
};

interface Op {
  r: M3;
  t: [number, number, number];
}

const wrap = (v: number) => {
  const w = v - Math.floor(v + 1e-9);
  return Math.abs(w - 1) < 1e-9 ? 0 : Math.abs(w) < 1e-9 ? 0 : w;
};
const mul = (a: Op, b: Op): Op => {
  const r: M3 = new Array(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[3 * i + j] = (r[3 * i + j] as number) + (a.r[3 * i + k] as number) * (b.r[3 * k + j] as number);
  const t: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < 3; i++) t[i] = wrap((a.r[3 * i] as number) * b.t[0] + (a.r[3 * i + 1] as number) * b.t[1] + (a.r[3 * i + 2] as number) * b.t[2] + a.t[i]);
  return { r, t };
};
const key = (o: Op) => `${o.r.join(',')}|${o.t.map((v) => Math.round(v * 24)).join(',')}`;

/** The symmetry operators of a Hall symbol (throws a RangeError on a symbol it cannot read). */
export function hallOperators(hall: string): SymOp[] {
  const text = hall.trim().replace(/_/g, ' ');
  const shift = /\(\s*(-?\d+)\s+(-?\d+)\s+(-?\d+)\s*\)\s*$/.exec(text);
  const body = (shift ? text.slice(0, shift.index) : text).trim();
  const tokens = body.split(/\s+/);
  let lattice = tokens.shift() ?? '';
  const centric = lattice.startsWith('-');
  if (centric) lattice = lattice.slice(1);
  const centring = CENTRING[lattice.toUpperCase()];
  if (!centring) throw new RangeError(`unknown lattice symbol "${lattice}" in Hall symbol "${hall}"`);
  const generators: Op[] = [];
  let previousN = 0;
  let previousAxis = 'z';
  tokens.forEach((tok, index) => {
    const m = /^(-?)([12346])(['"*xyz]?)([1-5]?)([abcnuvwd]*)(['"*xyz]?)$/.exec(tok);
    if (!m) throw new RangeError(`cannot read "${tok}" in Hall symbol "${hall}"`);
    const improper = m[1] === '-';
    const n = Number(m[2]);
    let axis = m[3] || m[6] || '';
    const screw = m[4] ? Number(m[4]) : 0;
    if (!axis) {
      if (index === 0) axis = 'z';
      else if (index === 1 && n === 2) axis = previousN === 2 || previousN === 4 ? 'x' : "'";
      else if (index === 2 && n === 3) axis = '*';
      else axis = 'z';
    }
    let r: M3;
    if (axis === '*') r = BODY_DIAGONAL_3;
    else if (axis === "'" || axis === '"') r = PRIMED[previousAxis]?.[axis] as M3;
    else r = ROT[axis]?.[n] as M3;
    if (!r) throw new RangeError(`no ${n}-fold rotation about ${axis} in Hall symbol "${hall}"`);
    if (improper) r = r.map((v) => -v);
    const t: [number, number, number] = [0, 0, 0];
    for (const ch of m[5] ?? '') {
      const v = TRANSLATIONS[ch] as [number, number, number];
      for (let i = 0; i < 3; i++) t[i] = (t[i] as number) + v[i];
    }
    if (screw && (axis === 'x' || axis === 'y' || axis === 'z')) t['xyz'.indexOf(axis)] += screw / n;
    generators.push({ r, t: t.map(wrap) as [number, number, number] });
    if (axis === 'x' || axis === 'y' || axis === 'z') previousAxis = axis;
    previousN = n;
  });
  if (centric) generators.push({ r: [-1, 0, 0, 0, -1, 0, 0, 0, -1], t: [0, 0, 0] });
  for (const c of centring) generators.push({ r: [1, 0, 0, 0, 1, 0, 0, 0, 1], t: c });
  // Origin shift V (twelfths): each operator (R, t) becomes (R, t + V − R·V).
  const V = shift ? [Number(shift[1]) / 12, Number(shift[2]) / 12, Number(shift[3]) / 12] : [0, 0, 0];
  const shifted = generators.map((g) => {
    const t = g.t.map((ti, i) =>
      wrap(
        ti +
          (V[i] as number) -
          ((g.r[3 * i] as number) * (V[0] as number) + (g.r[3 * i + 1] as number) * (V[1] as number) + (g.r[3 * i + 2] as number) * (V[2] as number)),
      ),
    ) as [number, number, number];
    return { r: g.r, t };
  });
  // Closure under multiplication.
  const group = new Map<string, Op>();
  const identity: Op = { r: [1, 0, 0, 0, 1, 0, 0, 0, 1], t: [0, 0, 0] };
  group.set(key(identity), identity);
  let frontier = [identity];
  while (frontier.length) {
    const next: Op[] = [];
    for (const a of frontier) {
      for (const g of shifted) {
        const p = mul(g, a);
        const k = key(p);
        if (!group.has(k)) {
          group.set(k, p);
          next.push(p);
        }
      }
    }
    if (group.size > 192) throw new RangeError(`Hall symbol "${hall}" generates more than 192 operators`);
    frontier = next;
  }
  return [...group.values()].map(toSymOp);
}

function toSymOp(o: Op): SymOp {
  const parts = [0, 1, 2].map((i) => {
    let s = '';
    ['x', 'y', 'z'].forEach((v, j) => {
      const c = o.r[3 * i + j] as number;
      if (c === 1) s += `+${v}`;
      else if (c === -1) s += `-${v}`;
      else if (c !== 0) s += `${c > 0 ? '+' : ''}${c}*${v}`;
    });
    const t = o.t[i] as number;
    if (t) s += `+${fraction(t)}`;
    return s.replace(/^\+/, '');
  });
  return parseSymOp(parts.join(','));
}

function fraction(v: number): string {
  for (const d of [2, 3, 4, 6, 8, 12, 24]) {
    const n = Math.round(v * d);
    if (Math.abs(n / d - v) < 1e-9) return `${n}/${d}`;
  }
  return String(v);
}

/**
 * Hall symbols of common settings by H-M symbol (spaces and underscores ignored). Centrosymmetric
 * groups with two origin choices use origin choice 2, as CIFs from the ICSD and COD usually do, except
 * where noted; a CIF in another setting needs its own operators.
 */
export const HALL_BY_HM: Readonly<Record<string, string>> = {
  P1: 'P 1',
  'P-1': '-P 1',
  P2: 'P 2y',
  P21: 'P 2yb',
  C2: 'C 2y',
  Pm: 'P -2y',
  Cm: 'C -2y',
  Cc: 'C -2yc',
  'P2/m': '-P 2y',
  'P21/m': '-P 2yb',
  'C2/m': '-C 2y',
  'P2/c': '-P 2yc',
  'P21/c': '-P 2ybc',
  'P21/n': '-P 2yn',
  'C2/c': '-C 2yc',
  P212121: 'P 2ac 2ab',
  Pna21: 'P 2c -2n',
  Pmn21: 'P 2ac -2',
  Pmmm: '-P 2 2',
  Pbca: '-P 2ac 2ab',
  Pnma: '-P 2ac 2n',
  Cmcm: '-C 2c 2',
  Cmca: '-C 2bc 2',
  Cmce: '-C 2bc 2',
  Cmmm: '-C 2 2',
  Fmmm: '-F 2 2',
  Fddd: '-F 2uv 2vw',
  Immm: '-I 2 2',
  'P4/mmm': '-P 4 2',
  'P4/nmm': '-P 4a 2a',
  'P42/mnm': '-P 4n 2n',
  'I4/mmm': '-I 4 2',
  'I41/amd': '-I 4bd 2',
  'I-42d': 'I -4 2bw',
  R3: 'R 3',
  'R-3': '-R 3',
  R3m: 'R 3 -2"',
  R3c: 'R 3 -2"c',
  'R-3m': '-R 3 2"',
  'R-3c': '-R 3 2"c',
  'P-3m1': '-P 3 2"',
  'P-31m': '-P 3 2',
  'P-3': '-P 3',
  P6mm: 'P 6 -2',
  P63mc: 'P 6c -2c',
  'P6/mmm': '-P 6 2',
  'P63/m': '-P 6c',
  'P63/mmc': '-P 6c 2c',
  P213: 'P 2ac 2ab 3',
  'Pa-3': '-P 2ac 2ab 3',
  'Pm-3': '-P 2 2 3',
  'Ia-3': '-I 2b 2c 3',
  'P-43m': 'P -4 2 3',
  'F-43m': 'F -4 2 3',
  'I-43d': 'I -4bd 2c 3',
  'Pm-3m': '-P 4 2 3',
  'Pn-3m': '-P 4n 2 3',
  'Fm-3m': '-F 4 2 3',
  'Fd-3m': '-F 4vw 2vw 3',
  'Fd-3m:1': 'F 4d 2 3 -1d',
  'Im-3m': '-I 4 2 3',
  'Ia-3d': '-I 4bd 2c 3',
};

/** Operators for a CIF without an operator loop: from its Hall symbol, else its H-M symbol. */
export function operatorsForSpaceGroup(hall: string | undefined, hm: string | undefined): SymOp[] | undefined {
  if (hall) return hallOperators(hall);
  if (!hm) return undefined;
  let key = hm.replace(/[\s_]/g, '');
  const originOne = /:1$/.test(key);
  key = key.replace(/:[12HhRrSs]$/, '');
  const symbol = (originOne ? HALL_BY_HM[`${key}:1`] : undefined) ?? HALL_BY_HM[key];
  return symbol ? hallOperators(symbol) : undefined;
}
