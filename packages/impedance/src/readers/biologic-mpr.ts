/**
 * BioLogic EC-Lab binary file (`.mpr`). Layout (little-endian):
 * - a 52-byte banner `BIO-LOGIC MODULAR FILE\x1a` padded with spaces and 4 NUL bytes;
 * - modules, each `MODULE` + short name (10 bytes) + long name (25 bytes) + data length (u32) +
 *   version (u32) + date (8 ASCII bytes), then the data. EC-Lab ≥ 11.50 inserts two more u32
 *   (a maximum length before the length, and one after the version); we detect which by where
 *   the date sits.
 * - `VMP Set`: settings (technique id byte first); `VMP data`: u32 row count, u8 column count,
 *   u16 column ids, then rows from offset 0x195 (module version ≤ 2) or 0x196 (version 3);
 *   `VMP LOG`: the log.
 * Flag columns (mode, ox/red, error, control changes, Ns changes, counter inc.) share one byte per
 * row; the other columns have the types below. Column ids as documented by cheminfo's MIT
 * `biologic-converter` and by EC-Lab's own exports (checked here against the `.mpt` of the same run).
 */
import { Confidence, type Dataset, type FileSource, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { spectrumOrSeries } from '../model/spectrum';
import { impedanceFromTable, type MptTable } from './biologic-mpt';
import { parseError } from './common';

const MAGIC = 'BIO-LOGIC MODULAR FILE\x1a';

type ColumnType = 'f32' | 'f64' | 'u16' | 'u32';
const SIZE: Record<ColumnType, number> = { f32: 4, f64: 8, u16: 2, u32: 4 };

/** Flag columns: bit mask within the shared flag byte, and the name EC-Lab uses in the .mpt. */
const FLAG_COLUMNS: Record<number, [number, string]> = {
  1: [0b00000011, 'mode'],
  2: [0b00000100, 'ox/red'],
  3: [0b00001000, 'error'],
  21: [0b00010000, 'control changes'],
  31: [0b00100000, 'Ns changes'],
  65: [0b10000000, 'counter inc.'],
};

/** Data columns (ids in decimal: 32 = 0x20 freq, 37 = 0x25 Re(Z), 38 = 0x26 −Im(Z)): type and the .mpt column name, so the .mpt column mapping is reused. */
const DATA_COLUMNS: Record<number, [ColumnType, string]> = {
  4: ['f64', 'time/s'],
  5: ['f32', 'control/V/mA'],
  6: ['f32', 'Ewe/V'],
  7: ['f64', 'dq/mA.h'],
  8: ['f32', 'I/mA'],
  9: ['f32', 'Ece/V'],
  11: ['f64', '<I>/mA'],
  13: ['f64', '(Q-Qo)/mA.h'],
  16: ['f32', 'Analog IN 1/V'],
  17: ['f32', 'Analog IN 2/V'],
  19: ['f32', 'control/V'],
  20: ['f32', 'control/mA'],
  23: ['f64', 'dQ/mA.h'],
  24: ['f64', 'cycle number'],
  32: ['f32', 'freq/Hz'],
  33: ['f32', '|Ewe|/V'],
  34: ['f32', '|I|/A'],
  35: ['f32', 'Phase(Z)/deg'],
  36: ['f32', '|Z|/Ohm'],
  37: ['f32', 'Re(Z)/Ohm'],
  38: ['f32', '-Im(Z)/Ohm'],
  39: ['u16', 'I Range'],
  70: ['f32', 'P/W'],
  74: ['f64', 'Energy/W.h'],
  75: ['f32', 'Analog OUT/V'],
  76: ['f32', '<I>/mA'],
  77: ['f32', '<Ewe>/V'],
  78: ['f32', 'Cs-2/µF-2'],
  96: ['f32', '|Ece|/V'],
  98: ['f32', 'Phase(Zce)/deg'],
  99: ['f32', '|Zce|/Ohm'],
  100: ['f32', 'Re(Zce)/Ohm'],
  101: ['f32', '-Im(Zce)/Ohm'],
  123: ['f64', 'Energy charge/W.h'],
  124: ['f64', 'Energy discharge/W.h'],
  125: ['f64', 'Capacitance charge/µF'],
  126: ['f64', 'Capacitance discharge/µF'],
  131: ['u16', 'Ns'],
  163: ['f32', '|Estack|/V'],
  168: ['f32', 'Rcmp/Ohm'],
  169: ['f32', 'Cs/µF'],
  172: ['f32', 'Cp/µF'],
  173: ['f32', 'Cp-2/µF-2'],
  174: ['f32', '<Ewe>/V'],
  241: ['f32', '|E1|/V'],
  242: ['f32', '|E2|/V'],
  271: ['f32', 'Phase(Z1)/deg'],
  272: ['f32', 'Phase(Z2)/deg'],
  301: ['f32', '|Z1|/Ohm'],
  302: ['f32', '|Z2|/Ohm'],
  331: ['f32', 'Re(Z1)/Ohm'],
  332: ['f32', 'Re(Z2)/Ohm'],
  361: ['f32', '-Im(Z1)/Ohm'],
  362: ['f32', '-Im(Z2)/Ohm'],
  391: ['f32', '<E1>/V'],
  392: ['f32', '<E2>/V'],
  422: ['f32', 'Phase(Zstack)/deg'],
  423: ['f32', '|Zstack|/Ohm'],
  424: ['f32', 'Re(Zstack)/Ohm'],
  425: ['f32', '-Im(Zstack)/Ohm'],
  426: ['f32', '<Estack>/V'],
  430: ['f32', 'Phase(Zwe-ce)/deg'],
  431: ['f32', '|Zwe-ce|/Ohm'],
  432: ['f32', 'Re(Zwe-ce)/Ohm'],
  433: ['f32', '-Im(Zwe-ce)/Ohm'],
  434: ['f32', '(Q-Qo)/C'],
  435: ['f32', 'dQ/C'],
  441: ['f32', '<Ece>/V'],
  462: ['f32', 'Temperature/°C'],
  467: ['f64', 'Q charge/discharge/mA.h'],
  468: ['u32', 'half cycle'],
  469: ['u32', 'z cycle'],
  471: ['f32', '<Ece>/V'],
  473: ['f32', 'THD Ewe/%'],
  474: ['f32', 'THD I/%'],
  476: ['f32', 'NSD Ewe/%'],
  477: ['f32', 'NSD I/%'],
  479: ['f32', 'NSR Ewe/%'],
  480: ['f32', 'NSR I/%'],
};

export interface MprModule {
  shortName: string;
  longName: string;
  version: number;
  date: string;
  /** Offset of the module's data in the file. */
  offset: number;
  length: number;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

const DATE = /^\d{2}[./-]\d{2}[./-]\d{2}$/;

/** Lists the modules of an .mpr file (throws a ParseError naming the byte offset on a bad layout). */
export function mprModules(bytes: Uint8Array, file: string): MprModule[] {
  if (bytes.length < 52 || ascii(bytes, 0, MAGIC.length) !== MAGIC) {
    throw parseError(file, 'not a BioLogic .mpr file', { offset: 0, expected: 'the banner "BIO-LOGIC MODULAR FILE"' });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const modules: MprModule[] = [];
  let pos = 52;
  while (pos < bytes.length) {
    if (pos + 57 > bytes.length || ascii(bytes, pos, 6) !== 'MODULE') {
      throw parseError(file, 'a module header is missing or cut short', {
        offset: pos,
        expected: '"MODULE" followed by a 57-byte header',
        found: ascii(bytes, pos, 6),
      });
    }
    const shortName = ascii(bytes, pos + 6, 10).trim();
    const longName = ascii(bytes, pos + 16, 25).trim();
    let length: number;
    let version: number;
    let date: string;
    let dataStart: number;
    if (DATE.test(ascii(bytes, pos + 49, 8))) {
      length = view.getUint32(pos + 41, true);
      version = view.getUint32(pos + 45, true);
      date = ascii(bytes, pos + 49, 8);
      dataStart = pos + 57;
    } else if (pos + 65 <= bytes.length && DATE.test(ascii(bytes, pos + 57, 8))) {
      length = view.getUint32(pos + 45, true);
      version = view.getUint32(pos + 49, true);
      date = ascii(bytes, pos + 57, 8);
      dataStart = pos + 65;
    } else {
      throw parseError(file, `module "${shortName}" has a header of unknown layout`, {
        offset: pos,
        expected: 'a module date (MM/DD/YY) after the length and version',
      });
    }
    if (dataStart + length > bytes.length) {
      throw parseError(file, `module "${shortName}" is cut short: it needs ${length} bytes but the file ends`, {
        offset: dataStart,
        expected: `${length} bytes of module data`,
      });
    }
    modules.push({ shortName, longName, version, date, offset: dataStart, length });
    pos = dataStart + length;
  }
  return modules;
}

/** Decodes the `VMP data` module into named columns (the .mpt names), as a table. */
export function decodeMprData(bytes: Uint8Array, module: MprModule, file: string): MptTable {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const base = module.offset;
  const end = base + module.length;
  if (module.length < 5) throw parseError(file, 'the VMP data module is too short', { offset: base, expected: 'a row count and a column count' });
  const rows = view.getUint32(base, true);
  const ncols = view.getUint8(base + 4);
  if (base + 5 + 2 * ncols > end) throw parseError(file, 'the column id list is cut short', { offset: base + 5, expected: `${ncols} column ids` });
  const ids: number[] = [];
  for (let c = 0; c < ncols; c++) ids.push(view.getUint16(base + 5 + 2 * c, true));
  const dataStart = base + (module.version <= 2 ? 0x195 : 0x196);
  // Row size from the known column types; a single unknown column takes the bytes left over.
  let known = 0;
  let hasFlags = false;
  const unknown: number[] = [];
  for (const id of ids) {
    if (FLAG_COLUMNS[id]) hasFlags = true;
    else if (DATA_COLUMNS[id]) known += SIZE[DATA_COLUMNS[id][0]];
    else unknown.push(id);
  }
  if (hasFlags) known += 1;
  const available = end - dataStart;
  let unknownSize = 0;
  if (unknown.length) {
    const perRow = rows > 0 ? available / rows : 0;
    unknownSize = perRow - known;
    if (unknown.length > 1 || !Number.isInteger(unknownSize) || ![2, 4, 8].includes(unknownSize)) {
      throw parseError(file, `unknown column id(s) ${unknown.map((i) => `0x${i.toString(16)}`).join(', ')} in the VMP data module`, {
        offset: base + 5,
        expected: 'column ids known from EC-Lab up to v11.50',
      });
    }
  }
  const rowSize = known + (unknown.length ? unknownSize : 0);
  if (rows * rowSize > available) {
    throw parseError(file, `the data module holds ${available} bytes but ${rows} rows of ${rowSize} bytes were announced`, {
      offset: dataStart,
      expected: `${rows * rowSize} bytes of rows`,
    });
  }
  const names: string[] = [];
  const layout: { kind: 'flag' | 'data' | 'skip'; type?: ColumnType; mask?: number; shift?: number; offset: number }[] = [];
  let offset = hasFlags ? 1 : 0;
  for (const id of ids) {
    const flag = FLAG_COLUMNS[id];
    if (flag) {
      const mask = flag[0];
      let shift = 0;
      while (((mask >> shift) & 1) === 0) shift++;
      names.push(flag[1]);
      layout.push({ kind: 'flag', mask, shift, offset: 0 });
      continue;
    }
    const col = DATA_COLUMNS[id];
    if (col) {
      names.push(col[1]);
      layout.push({ kind: 'data', type: col[0], offset });
      offset += SIZE[col[0]];
    } else {
      names.push(`column 0x${id.toString(16)}`);
      layout.push({ kind: 'skip', offset });
      offset += unknownSize;
    }
  }
  const columns = names.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const row = dataStart + r * rowSize;
    const flags = hasFlags ? view.getUint8(row) : 0;
    for (let c = 0; c < layout.length; c++) {
      const l = layout[c]!;
      const out = columns[c] as Float64Array;
      if (l.kind === 'flag') out[r] = (flags & l.mask!) >> l.shift!;
      else if (l.kind === 'skip') out[r] = Number.NaN;
      else if (l.type === 'f32') out[r] = view.getFloat32(row + l.offset, true);
      else if (l.type === 'f64') out[r] = view.getFloat64(row + l.offset, true);
      else if (l.type === 'u16') out[r] = view.getUint16(row + l.offset, true);
      else out[r] = view.getUint32(row + l.offset, true);
    }
  }
  return { names, rows, columns, firstDataLine: 0 };
}

export function readBiologicMpr(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const modules = mprModules(source.bytes, file);
  const data = modules.find((m) => m.shortName === 'VMP data');
  if (!data) throw parseError(file, 'the file has no "VMP data" module', { expected: 'modules VMP Set, VMP data (and VMP LOG)' });
  const table = decodeMprData(source.bytes, data, file);
  const settings = modules.find((m) => m.shortName === 'VMP Set');
  const techniqueId = settings && settings.length > 0 ? source.bytes[settings.offset] : undefined;
  const { spectra, cycles } = impedanceFromTable(table, file, ctx);
  const meta = {
    instrument: { manufacturer: 'BioLogic', software: 'EC-Lab' },
    source: { fileName: file, format: `EC-Lab .mpr (data module v${data.version}, ${data.date})` },
    extra: {
      modules: modules.map((m) => `${m.shortName} v${m.version} ${m.date}`),
      ...(techniqueId !== undefined ? { techniqueId } : {}),
      columns: table.names,
    },
  };
  return spectrumOrSeries(spectra, meta, cycles ? { cycles } : {});
}

export const biologicMprReader: ReaderContribution = {
  id: 'impedance.biologic-mpr',
  name: 'BioLogic EC-Lab binary file (.mpr)',
  description: 'Impedance columns (freq, Re(Z), -Im(Z)) of the VMP data module; EC-Lab 10 to 11.x module layouts.',
  extensions: ['.mpr'],
  kinds: [SPECTRUM_KIND, SERIES_KIND],
  sniff({ head }) {
    if (head.length < MAGIC.length || ascii(head, 0, MAGIC.length) !== MAGIC) return Confidence.no;
    // Impedance files carry the freq (0x20) and Re(Z) (0x25) column ids; other techniques get a low score.
    try {
      const text = ascii(head, 0, head.length);
      const at = text.indexOf('MODULEVMP data');
      if (at < 0) return 0.3;
      const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
      const dataStart = DATE.test(ascii(head, at + 49, 8)) ? at + 57 : at + 65;
      const ncols = head[dataStart + 4] ?? 0;
      const ids = new Set<number>();
      for (let c = 0; c < ncols && dataStart + 7 + 2 * c <= head.length; c++) ids.add(view.getUint16(dataStart + 5 + 2 * c, true));
      return ids.has(0x20) && (ids.has(0x25) || ids.has(0x24)) ? Confidence.certain : 0.3;
    } catch {
      return 0.3;
    }
  },
  read: (source, ctx) => readBiologicMpr(source, ctx),
};
