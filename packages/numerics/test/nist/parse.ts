/** Parser for the NIST StRD nonlinear regression .dat files (read in tests and benches only). */

export interface NistProblem {
  name: string;
  /** model line(s) as written in the file, for messages */
  modelText: string;
  start1: number[];
  start2: number[];
  certified: number[];
  certifiedSd: number[];
  certifiedRss: number;
  /** response values */
  y: Float64Array;
  /** predictors: x[0] for one-predictor problems, x[0], x[1] for Nelson */
  x: Float64Array[];
  difficulty: string;
}

/** Parse one .dat file; throws with the file name and line on anything unexpected. */
export function parseNist(name: string, text: string): NistProblem {
  const lines = text.split(/\r?\n/);
  const start1: number[] = [];
  const start2: number[] = [];
  const certified: number[] = [];
  const certifiedSd: number[] = [];
  let certifiedRss = Number.NaN;
  let dataStart = -1;
  let modelText = '';
  let difficulty = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const param = /^\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (param) {
      const k = Number(param[1]) - 1;
      start1[k] = Number(param[2]);
      start2[k] = Number(param[3]);
      certified[k] = Number(param[4]);
      certifiedSd[k] = Number(param[5]);
      for (const v of [start1[k], start2[k], certified[k], certifiedSd[k]]) {
        if (!Number.isFinite(v)) throw new Error(`${name}:${i + 1}: cannot read parameter line "${line.trim()}"`);
      }
      continue;
    }
    const rss = /Residual Sum of Squares:\s+(\S+)/.exec(line);
    if (rss) certifiedRss = Number(rss[1]);
    if (/^\s*(y|log\[y\])\s*=/.test(line)) modelText = line.trim();
    const level = /(Lower|Average|Higher) Level of Difficulty/.exec(line);
    if (level) difficulty = level[1];
    if (/^Data:\s+y\s/.test(line)) dataStart = i + 1;
  }
  if (dataStart < 0) throw new Error(`${name}: no "Data:  y  x" header`);
  if (!Number.isFinite(certifiedRss)) throw new Error(`${name}: no certified residual sum of squares`);
  const rows: number[][] = [];
  for (let i = dataStart; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '') continue;
    const values = t.split(/\s+/).map(Number);
    if (values.some((v) => !Number.isFinite(v))) throw new Error(`${name}:${i + 1}: bad data row "${t}"`);
    rows.push(values);
  }
  const columns = rows[0].length;
  const y = Float64Array.from(rows, (r) => r[0]);
  const x: Float64Array[] = [];
  for (let c = 1; c < columns; c++) x.push(Float64Array.from(rows, (r) => r[c]));
  return { name, modelText, start1, start2, certified, certifiedSd, certifiedRss, y, x, difficulty };
}
