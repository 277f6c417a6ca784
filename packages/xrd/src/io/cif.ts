import { ParseError } from '@ionscope/core';

/**
 * A CIF 1.1 tokenizer (Hall, Allen & Brown, Acta Cryst. A47 (1991) 655; syntax of CIF 1.1):
 * data blocks of `_tag value` items and `loop_` tables. Handles quoted strings (a quote closes only
 * when followed by white space), `;` text fields, comments and save frames (skipped). Values are
 * kept as strings; use {@link cifNumber} for numbers with standard uncertainties like `1.406(26)`.
 */
export interface CifLoop {
  tags: string[];
  rows: string[][];
  /** 1-based line of the loop_ keyword. */
  line: number;
}

export interface CifBlock {
  name: string;
  items: Map<string, string>;
  loops: CifLoop[];
  /** 1-based line where the data block starts. */
  line: number;
}

interface Token {
  value: string;
  line: number;
  quoted: boolean;
}

function tokenize(text: string, fileName: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln] as string;
    if (line.startsWith(';')) {
      // Text field: runs to the next line that starts with ';'; text after that ';' is tokenised.
      const startLine = ln + 1;
      const parts = [line.slice(1)];
      ln++;
      while (ln < lines.length && !(lines[ln] as string).startsWith(';')) parts.push(lines[ln++] as string);
      if (ln >= lines.length) throw new ParseError('unterminated text field', { file: fileName, line: startLine, expected: 'a line starting with ";"' });
      tokens.push({ value: parts.join('\n').trim(), line: startLine, quoted: true });
      lines[ln] = ` ${(lines[ln] as string).slice(1)}`;
      ln--;
      continue;
    }
    let i = 0;
    const n = line.length;
    while (i < n) {
      const c = line[i] as string;
      if (c === ' ' || c === '\t') {
        i++;
        continue;
      }
      if (c === '#') break;
      if (c === "'" || c === '"') {
        let j = i + 1;
        while (j < n && !(line[j] === c && (j + 1 >= n || line[j + 1] === ' ' || line[j + 1] === '\t'))) j++;
        if (j >= n)
          throw new ParseError('unterminated quoted string', { file: fileName, line: ln + 1, expected: `a closing ${c}`, found: line.slice(i, i + 40) });
        tokens.push({ value: line.slice(i + 1, j), line: ln + 1, quoted: true });
        i = j + 1;
        continue;
      }
      let j = i;
      while (j < n && line[j] !== ' ' && line[j] !== '\t') j++;
      tokens.push({ value: line.slice(i, j), line: ln + 1, quoted: false });
      i = j;
    }
  }
  return tokens;
}

const isKeyword = (t: Token, word: string) => !t.quoted && t.value.toLowerCase().startsWith(word);

/** Parses CIF text into data blocks. */
export function parseCif(text: string, fileName: string): CifBlock[] {
  const tokens = tokenize(text, fileName);
  const blocks: CifBlock[] = [];
  let block: CifBlock | undefined;
  let i = 0;
  const requireBlock = (t: Token): CifBlock => {
    if (!block) {
      block = { name: '', items: new Map(), loops: [], line: t.line };
      blocks.push(block);
    }
    return block;
  };
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (isKeyword(t, 'data_')) {
      block = { name: t.value.slice(5), items: new Map(), loops: [], line: t.line };
      blocks.push(block);
      i++;
    } else if (isKeyword(t, 'save_')) {
      i++;
      while (i < tokens.length && !(isKeyword(tokens[i] as Token, 'save_') && (tokens[i] as Token).value.length === 5)) i++;
      i++;
    } else if (!t.quoted && t.value.toLowerCase() === 'loop_') {
      const b = requireBlock(t);
      i++;
      const tags: string[] = [];
      while (i < tokens.length && !(tokens[i] as Token).quoted && (tokens[i] as Token).value.startsWith('_'))
        tags.push((tokens[i++] as Token).value.toLowerCase());
      if (!tags.length) throw new ParseError('loop_ without tags', { file: fileName, line: t.line, expected: 'tag names starting with _' });
      const values: string[] = [];
      while (i < tokens.length) {
        const v = tokens[i] as Token;
        if (!v.quoted && (v.value.startsWith('_') || v.value.toLowerCase() === 'loop_' || isKeyword(v, 'data_') || isKeyword(v, 'save_'))) break;
        values.push(v.value);
        i++;
      }
      if (values.length % tags.length !== 0) {
        throw new ParseError(`loop has ${values.length} values for ${tags.length} columns`, {
          file: fileName,
          line: t.line,
          field: tags[0],
          expected: `a multiple of ${tags.length} values`,
        });
      }
      const rows: string[][] = [];
      for (let r = 0; r < values.length; r += tags.length) rows.push(values.slice(r, r + tags.length));
      b.loops.push({ tags, rows, line: t.line });
    } else if (!t.quoted && t.value.startsWith('_')) {
      const b = requireBlock(t);
      const v = tokens[i + 1];
      if (!v || (!v.quoted && (v.value.startsWith('_') || v.value.toLowerCase() === 'loop_' || isKeyword(v, 'data_')))) {
        throw new ParseError(`tag ${t.value} has no value`, { file: fileName, line: t.line, field: t.value, expected: 'a value after the tag' });
      }
      b.items.set(t.value.toLowerCase(), v.value);
      i += 2;
    } else {
      throw new ParseError('value outside any tag or loop', { file: fileName, line: t.line, found: t.value, expected: 'a _tag, loop_ or data_ block' });
    }
  }
  if (!blocks.length) throw new ParseError('no CIF data block', { file: fileName, expected: 'a data_ block' });
  return blocks;
}

/** A loop that contains the tag (case-insensitive), or undefined. */
export function findLoop(block: CifBlock, tag: string): CifLoop | undefined {
  const t = tag.toLowerCase();
  return block.loops.find((l) => l.tags.includes(t));
}

/** Column of a loop by tag, or undefined. */
export function loopColumn(loop: CifLoop, tag: string): string[] | undefined {
  const idx = loop.tags.indexOf(tag.toLowerCase());
  return idx < 0 ? undefined : loop.rows.map((r) => r[idx] as string);
}

/** A CIF number with optional standard uncertainty in parentheses; NaN for `.`/`?`/text. */
export function cifNumber(s: string | undefined): { value: number; su?: number } {
  if (s === undefined) return { value: Number.NaN };
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\((\d+)\))?$/.exec(s.trim());
  if (!m?.[1]) return { value: Number.NaN };
  const value = Number(m[1]);
  if (!m[2]) return { value };
  // The su applies to the last digit of the mantissa: 1.406(26) → 0.026.
  const mantissa = m[1].replace(/[eE].*$/, '');
  const exponent = /[eE]([+-]?\d+)$/.exec(m[1]);
  const decimals = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
  const su = Number(m[2]) * 10 ** (-decimals + (exponent ? Number(exponent[1]) : 0));
  return { value, su };
}

/** An item or the first row of a loop column (CIF allows both). */
export function cifValue(block: CifBlock, tag: string): string | undefined {
  const t = tag.toLowerCase();
  const item = block.items.get(t);
  if (item !== undefined) return item;
  const loop = findLoop(block, t);
  return loop ? loopColumn(loop, t)?.[0] : undefined;
}
