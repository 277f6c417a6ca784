/**
 * A fast path for the common case of plain numeric columns separated by tabs, spaces or commas with
 * '.' decimals (most .xy/.xye exports): one pass with a hand-rolled number scanner, no per-token
 * regular expressions. Returns undefined as soon as anything unusual appears (decimal commas, ragged
 * rows, text after the data), and the caller falls back to core's general parseNumericTable.
 */
export interface FastColumns {
  columns: Float64Array[];
  headerLines: string[];
  /** The last header line split like the data, for column names. */
  names: string[];
}

const isSep = (c: number) => c === 32 || c === 9 || c === 44;

export function fastColumns(text: string, skipLines = 0): FastColumns | undefined {
  const n = text.length;
  let pos = 0;
  const headerLines: string[] = [];
  for (let s = 0; s < skipLines && pos < n; s++) {
    const nl = text.indexOf('\n', pos);
    headerLines.push(text.slice(pos, nl < 0 ? n : nl).replace(/\r$/, ''));
    pos = nl < 0 ? n : nl + 1;
  }
  let width = 0;
  let cols: number[][] = [];
  const row: number[] = [];
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let lineEnd = end;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    // Parse the line as numbers.
    row.length = 0;
    let i = pos;
    let ok = true;
    let commaRuns = 0;
    let blankRuns = 0;
    while (i < lineEnd) {
      if (isSep(text.charCodeAt(i))) {
        // A separator run is "comma" when it holds a comma, else "blank"; both in one line is
        // ambiguous (decimal commas separated by spaces), so leave it to the general parser.
        let hasComma = false;
        while (i < lineEnd && isSep(text.charCodeAt(i))) {
          if (text.charCodeAt(i) === 44) hasComma = true;
          i++;
        }
        if (row.length > 0 && i < lineEnd) {
          if (hasComma) commaRuns++;
          else blankRuns++;
        }
        continue;
      }
      let j = i;
      while (j < lineEnd && !isSep(text.charCodeAt(j))) j++;
      const v = Number(text.slice(i, j));
      if (!Number.isFinite(v) && text.slice(i, j).toLowerCase() !== 'nan') {
        ok = false;
        break;
      }
      row.push(v);
      i = j;
    }
    if (commaRuns > 0 && blankRuns > 0) return undefined;
    if (row.length === 0 && ok) {
      if (width === 0) headerLines.push(text.slice(pos, lineEnd));
      pos = end + 1;
      continue;
    }
    if (!ok || row.length < 2) {
      if (width > 0) {
        // Text after the data: only tolerated when the rest is blank.
        if (text.slice(pos).trim() !== '') return undefined;
        break;
      }
      headerLines.push(text.slice(pos, lineEnd));
      pos = end + 1;
      continue;
    }
    if (width === 0) {
      width = row.length;
      cols = Array.from({ length: width }, () => []);
    } else if (row.length !== width) return undefined;
    for (let k = 0; k < width; k++) (cols[k] as number[]).push(row[k] as number);
    pos = end + 1;
  }
  if (width < 2 || (cols[0]?.length ?? 0) < 2) return undefined;
  // A header that uses decimal commas or semicolons as the data would confuse this path.
  const last = headerLines.filter((l) => l.trim()).at(-1) ?? '';
  const names = last
    .replace(/^[#%!;*\s]+/, '')
    .trim()
    .split(/\t|,|;|\s{2,}|\s(?=[A-Za-z2])/)
    .filter(Boolean);
  return { columns: cols.map((c) => Float64Array.from(c)), headerLines, names: names.length === width ? names : [] };
}
