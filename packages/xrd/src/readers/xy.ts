/**
 * Two- or three-column text patterns: `.xy`, `.xye`, `.dat`, `.csv`, `.txt` (x, intensity,
 * optional σ). The header may hold comment lines, a column-name row (`2theta`, `Q`, `d`...) or a
 * PowDLL-style quoted metadata line (`'Id: "" Anode: "Cu" TimePerStep: "96"`). The axis is
 * 2θ unless a column name or a `# axis: q` comment says Q or d.
 */
import { Confidence, type FileSource, parseNumericTable, type ReaderContribution, splitLines } from '@ionscope/core';
import type { AxisKind } from '../axes';
import { KIND_PATTERN, makePattern, type Radiation } from '../kinds';
import { ANODE_WAVELENGTHS, DEFAULT_KALPHA2_RATIO, normalizeAnode } from '../wavelengths';
import { extensionOf, isoDate, looksLikeCounts, requireFinite, sniffText, textOf } from './common';

const EXTENSIONS = ['.xy', '.xye', '.dat', '.csv', '.txt'];

/** `Key: "value"` pairs of a quoted metadata header line. */
export function parseQuotedHeader(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z][\w ]*?):\s*"([^"]*)"/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out[(m[1] as string).trim()] = m[2] as string;
  return out;
}

function axisFromHeader(names: string[], headerText: string): AxisKind {
  const first = (names[0] ?? '').toLowerCase().replace(/[\s_()[\]]/g, '');
  if (/^(q|qa|q1\/a|q\/a|q\(1\/a\)|momentumtransfer)/.test(first) || /^q[^a-z]?/.test(first)) return 'q';
  if (/^(d|dspacing|d-spacing|dvalue)/.test(first) && !/^deg/.test(first)) return 'd';
  const m = /#\s*(?:axis|x)\s*[:=]\s*(2theta|twotheta|q|d)\b/i.exec(headerText);
  if (m?.[1]) {
    const v = m[1].toLowerCase();
    return v === 'q' ? 'q' : v === 'd' ? 'd' : 'twoTheta';
  }
  return 'twoTheta';
}

function radiationFromHeader(meta: Record<string, string>, headerText: string): Radiation | undefined {
  const r: Radiation = {};
  const anode = meta.Anode ?? /anode\s*[:=]\s*"?([A-Za-z]{1,2})/i.exec(headerText)?.[1];
  const key = anode ? normalizeAnode(anode) : undefined;
  if (key) {
    const lines = ANODE_WAVELENGTHS[key];
    r.anode = key;
    if (lines) Object.assign(r, { kAlpha1: lines.kAlpha1, kAlpha2: lines.kAlpha2, kAlpha2Ratio: DEFAULT_KALPHA2_RATIO, wavelength: lines.kAlpha1 });
  }
  const wl = /(?:wavelength|lambda|λ)\s*(?:\([^)]*\))?\s*[:=]\s*([0-9.]+)/i.exec(headerText);
  if (wl?.[1] && Number(wl[1]) > 0) r.wavelength = Number(wl[1]);
  return Object.keys(r).length ? r : undefined;
}

export function readXy(source: FileSource) {
  const text = textOf(source);
  const lines = splitLines(text);
  let quotedMeta: Record<string, string> = {};
  let skipLines = 0;
  if (lines[0]?.trimStart().startsWith("'")) {
    quotedMeta = parseQuotedHeader(lines[0]);
    skipLines = 1;
  }
  const table = parseNumericTable(text, { fileName: source.name, skipLines, commentPrefixes: ['#', '%', '!', '//', '*', ';'] });
  const headerText = table.headerLines.join('\n');
  const axis = axisFromHeader(table.names, headerText);
  const x = table.columns[0] as Float64Array;
  const y = table.columns[1] as Float64Array;
  requireFinite(x, source.name, 'column 1');
  requireFinite(y, source.name, 'column 2');
  let variances: Float64Array | 'poisson' | undefined;
  const esd = table.columns[2];
  if (esd && (extensionOf(source.name) === '.xye' || table.columns.length === 3)) {
    variances = new Float64Array(esd.length);
    for (let i = 0; i < esd.length; i++) variances[i] = (esd[i] as number) ** 2;
  } else if (looksLikeCounts(y)) variances = 'poisson';
  const radiation = radiationFromHeader(quotedMeta, headerText);
  const startTime = isoDate(/(?:start\s*time|starttime|date)\s*[:=]\s*([0-9T:.\-+Z ]+)/i.exec(headerText)?.[1]?.trim());
  const settings: Record<string, unknown> = {};
  if (quotedMeta.TimePerStep) settings.timePerStep = { value: Number(quotedMeta.TimePerStep), unit: 's' };
  return makePattern({
    x,
    axis,
    intensity: y,
    intensityUnit: looksLikeCounts(y) ? 'counts' : 'a.u.',
    ...(variances ? { variances } : {}),
    ...(radiation ? { radiation } : {}),
    settings,
    meta: {
      source: { fileName: source.name, format: 'xy text' },
      ...(startTime ? { startTime, startTimeZone: /Z|[+-]\d{2}:?\d{2}$/.test(startTime) ? ('given' as const) : ('unknown' as const) } : {}),
      ...(quotedMeta.Operator ? { operator: quotedMeta.Operator } : {}),
      ...(Object.keys(quotedMeta).length ? { extra: quotedMeta } : {}),
    },
  });
}

export const xyReader: ReaderContribution = {
  id: 'xrd.xy',
  name: 'Two/three-column pattern text (.xy, .xye, .dat, .csv)',
  extensions: EXTENSIONS,
  kinds: [KIND_PATTERN],
  sniff(input) {
    const ext = extensionOf(input.name);
    if (!EXTENSIONS.includes(ext)) return Confidence.no;
    const text = sniffText(input);
    if (!text) return Confidence.no;
    // Numeric rows of 2–3 columns whose first column increases within a diffraction range.
    const rows = splitLines(text)
      .map((l) => l.trim())
      .filter((l) => /^[+-]?\d/.test(l))
      .slice(0, 20)
      .map((l) => l.split(/[\s,;]+/).map(Number));
    if (rows.length < 5 || !rows.every((r) => r.length >= 2 && r.length <= 3 && r.every(Number.isFinite))) return Confidence.no;
    const increasing = rows.every((r, i) => i === 0 || (r[0] as number) > ((rows[i - 1] as number[])[0] as number));
    if (!increasing) return Confidence.no;
    // Diffraction words in the header, or 2θ-like first columns (0–180°, steps below 1°) in a .xy/.xye
    // file (the usual diffraction export), make this the better reader than generic two-column ones.
    if (/2\s*theta|2θ|twotheta|anode|diffract|xrd|wavelength|k-?alpha|\bCu\b|TimePerStep/i.test(text)) return Confidence.likely;
    const first = (rows[0] as number[])[0] as number;
    const last = (rows[rows.length - 1] as number[])[0] as number;
    const step = (last - first) / (rows.length - 1);
    const twoThetaLike = first >= 0 && last <= 180 && step > 0 && step < 1;
    if (ext === '.xy' || ext === '.xye') return twoThetaLike ? Confidence.plausible + 0.1 : Confidence.plausible;
    return Confidence.generic;
  },
  read: (source) => readXy(source),
};
