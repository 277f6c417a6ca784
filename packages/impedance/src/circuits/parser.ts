/**
 * Parser for impedance.py's circuit strings: elements joined in series by `-` and in parallel by
 * `p(a, b, ...)`, e.g. `R0-p(R1,C1)-p(R2-Wo1,C2)`. Element names are a registered prefix followed
 * by a number (`R0`, `CPE1`, `Wo1`). Parameters are named as impedance.py names them: the element
 * name for one-parameter elements (`R0`, `C1`), `name_k` otherwise (`CPE1_0`, `Wo1_1`), in the
 * order the elements appear in the string.
 */
import { ParamsError } from '@ionscope/core';
import { type CircuitElement, elementForName } from './elements';

export type CircuitNode =
  | { type: 'element'; name: string; element: CircuitElement /** index of the first parameter */; offset: number }
  | { type: 'series'; children: CircuitNode[] }
  | { type: 'parallel'; children: CircuitNode[] };

export interface ParameterInfo {
  name: string;
  element: string;
  unit: string;
  description: string;
  lower: number;
  upper: number;
}

export interface ParsedCircuit {
  text: string;
  root: CircuitNode;
  parameters: ParameterInfo[];
  elements: { name: string; element: CircuitElement; offset: number }[];
}

function fail(text: string, at: number, what: string, expected: string): never {
  throw new ParamsError(`circuit "${text}": ${what} at character ${at + 1}`, {
    field: 'params.circuit',
    expected,
    found: text.slice(at, at + 12) || 'the end of the string',
  });
}

/** Parses a circuit string; throws a ParamsError naming the position and what was expected. */
export function parseCircuit(input: string): ParsedCircuit {
  const text = input.replace(/\s+/g, '');
  if (!text) fail(input, 0, 'the circuit is empty', 'elements such as R0-p(R1,C1)');
  let pos = 0;
  const elements: ParsedCircuit['elements'] = [];
  const parameters: ParameterInfo[] = [];
  const seen = new Set<string>();

  const parseSeries = (): CircuitNode => {
    const children = [parseTerm()];
    while (text[pos] === '-') {
      pos++;
      children.push(parseTerm());
    }
    return children.length === 1 ? (children[0] as CircuitNode) : { type: 'series', children };
  };

  const parseTerm = (): CircuitNode => {
    if (text.startsWith('p(', pos)) {
      pos += 2;
      const children = [parseSeries()];
      while (text[pos] === ',') {
        pos++;
        children.push(parseSeries());
      }
      if (text[pos] !== ')') fail(text, pos, 'a parallel group is not closed', '")" or "," inside p(...)');
      pos++;
      if (children.length < 2) fail(text, pos - 1, 'a parallel group needs at least two branches', 'p(A,B)');
      return { type: 'parallel', children };
    }
    const m = /^[A-Za-z]+[0-9_][A-Za-z0-9_]*/.exec(text.slice(pos));
    if (!m) fail(text, pos, 'expected an element name or p(', 'an element such as R0, C1, CPE1, Wo1, or p(...)');
    const name = m[0];
    const element = elementForName(name);
    if (!element) fail(text, pos, `unknown element "${name}"`, 'one of R, C, L, CPE, W, Wo, Ws, La, G, K (or a registered element) followed by a number');
    if (seen.has(name)) fail(text, pos, `element "${name}" appears twice`, 'unique element names');
    seen.add(name);
    pos += name.length;
    const offset = parameters.length;
    for (const p of element.parameters) {
      parameters.push({
        name: p.suffix ? `${name}_${p.suffix}` : name,
        element: name,
        unit: p.unit,
        description: `${element.name}: ${p.description}`,
        lower: p.lower,
        upper: p.upper,
      });
    }
    elements.push({ name, element, offset });
    return { type: 'element', name, element, offset };
  };

  const root = parseSeries();
  if (pos !== text.length) fail(text, pos, 'unexpected character', '"-" between elements, or the end of the circuit');
  return { text, root, parameters, elements };
}
