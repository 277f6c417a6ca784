import { ParseError } from '@ionscope/core';

/**
 * A small non-validating XML reader for instrument files (XRDML, BRML, RASX): elements, attributes
 * and text, namespaces prefixes dropped from names, entities decoded. Comments, processing
 * instructions and DOCTYPE are skipped; CDATA becomes text. Malformed nesting is a ParseError.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

export function parseXml(text: string, fileName: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  const n = text.length;
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1] as XmlElement;
    if (lt < 0) {
      top.text += decodeEntities(text.slice(i));
      break;
    }
    if (lt > i) top.text += decodeEntities(text.slice(i, lt));
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) throw new ParseError('unterminated XML comment', { file: fileName, line: lineAt(lt), expected: '-->' });
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) throw new ParseError('unterminated CDATA section', { file: fileName, line: lineAt(lt), expected: ']]>' });
      top.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw new ParseError('unterminated XML declaration', { file: fileName, line: lineAt(lt), expected: '?>' });
      i = end + 2;
    } else if (text.startsWith('<!', lt)) {
      const end = text.indexOf('>', lt + 2);
      if (end < 0) throw new ParseError('unterminated DOCTYPE', { file: fileName, line: lineAt(lt), expected: '>' });
      i = end + 1;
    } else if (text[lt + 1] === '/') {
      const end = text.indexOf('>', lt + 2);
      if (end < 0) throw new ParseError('unterminated closing tag', { file: fileName, line: lineAt(lt), expected: '>' });
      const name = localName(text.slice(lt + 2, end).trim());
      const open = stack.pop();
      if (!open || open === root || open.name !== name) {
        throw new ParseError(`closing tag </${name}> does not match <${open?.name ?? '(none)'}>`, { file: fileName, line: lineAt(lt), field: name });
      }
      i = end + 1;
    } else {
      // Find the end of the tag, skipping '>' inside quoted attribute values.
      let j = lt + 1;
      let quote = '';
      for (; j < n; j++) {
        const c = text[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (j >= n) throw new ParseError('unterminated tag', { file: fileName, line: lineAt(lt), expected: '>' });
      let body = text.slice(lt + 1, j);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const m = /^([^\s/>]+)/.exec(body);
      if (!m?.[1]) throw new ParseError('tag without a name', { file: fileName, line: lineAt(lt), found: body.slice(0, 20) });
      const el: XmlElement = { name: localName(m[1]), attrs: {}, children: [], text: '' };
      ATTR.lastIndex = m[1].length;
      for (let a = ATTR.exec(body); a; a = ATTR.exec(body)) el.attrs[localName(a[1] as string)] = decodeEntities(a[3] ?? a[4] ?? '');
      top.children.push(el);
      if (!selfClosing) stack.push(el);
      i = j + 1;
    }
  }
  if (stack.length > 1) {
    throw new ParseError(`XML ends inside <${(stack[stack.length - 1] as XmlElement).name}>`, { file: fileName, expected: 'all elements closed' });
  }
  if (!root.children.length) throw new ParseError('no XML element found', { file: fileName, expected: 'an XML document' });
  return root;
}

/** First child with this (local) name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Depth-first search for all descendants with this name. */
export function descendants(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

export function descendant(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) {
    if (c.name === name) return c;
    const d = descendant(c, name);
    if (d) return d;
  }
  return undefined;
}

/** Text of an element as a finite number, or undefined. */
export function numberText(el: XmlElement | undefined): number | undefined {
  if (!el) return undefined;
  const v = Number(el.text.trim());
  return el.text.trim() !== '' && Number.isFinite(v) ? v : undefined;
}

/** Whitespace-separated numbers in an element's text; a ParseError on a bad token. */
export function numberList(el: XmlElement, fileName: string): Float64Array {
  const tokens = el.text.trim().split(/\s+/).filter(Boolean);
  const out = new Float64Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const v = Number(tokens[i]);
    if (!Number.isFinite(v)) throw new ParseError(`value ${i + 1} of <${el.name}> is not a number`, { file: fileName, field: el.name, found: tokens[i] });
    out[i] = v;
  }
  return out;
}
