import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset, datasetFromJson, explicitCoord, readNexus, variable } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { LARGE_ARRAY_ELEMENTS, plainResult, ResultFiles, writeResultFolder } from '../src/output/result-folder';

describe('writeResultFolder', () => {
  it('puts arrays too large for JSON in result.nxs and keeps result.json readable', async () => {
    const n = LARGE_ARRAY_ELEMENTS + 1;
    const big = new Uint8Array(n);
    for (let i = 0; i < n; i++) big[i] = i % 251;
    const result = createDataset({
      kind: 'toy.volume',
      signal: 'labels',
      data: { labels: variable(['voxel'], big, ''), profile: variable(['z'], Float64Array.from([1, 2, 3]), 'µm') },
      coords: { z: explicitCoord('z', Float64Array.from([0, 1, 2]), 'µm') },
      values: { porosity: { value: 0.45, unit: '' } },
    });
    const dir = mkdtempSync(join(tmpdir(), 'ionscope-result-'));
    const files = await writeResultFolder(dir, result, [], undefined, { csv: false });
    expect(files.map((f) => f.path).sort()).toEqual([ResultFiles.json, ResultFiles.nexus]);

    const slim = datasetFromJson(JSON.parse(readFileSync(join(dir, ResultFiles.json), 'utf8')));
    expect(Object.keys(slim.data)).toEqual(['profile']);
    expect(slim.values).toMatchObject({ porosity: { value: 0.45 }, largeArrays: { file: 'result.nxs', variables: ['labels'] } });

    const [full] = await readNexus(new Uint8Array(readFileSync(join(dir, ResultFiles.nexus))), 'result.nxs');
    expect(full?.data.labels?.values).toEqual(big);
    expect(Array.from(full?.data.profile?.values ?? [])).toEqual([1, 2, 3]);
  });

  it('analyze --json describes an array too large for JSON instead of listing it', () => {
    const n = LARGE_ARRAY_ELEMENTS + 1;
    const result = createDataset({
      kind: 'toy.volume',
      signal: 'labels',
      data: { labels: variable(['voxel'], new Uint8Array(n), 'counts'), profile: variable(['z'], Float64Array.from([1, 2, 3]), 'µm') },
      coords: { z: explicitCoord('z', Float64Array.from([0, 1, 2]), 'µm') },
      values: { porosity: { value: 0.45, unit: '' } },
    });
    const written = plainResult(result, '/data/out') as any;
    expect(written.porosity.value).toBe(0.45);
    expect(written.profile.values).toEqual([1, 2, 3]);
    expect(written.labels).toEqual({ unit: 'counts', dims: ['voxel'], shape: [n], values: null, file: join('/data/out', 'result.nxs') });
    const notWritten = plainResult(result) as any;
    expect(notWritten.labels.omitted).toMatch(/4194305 values, too many for JSON: give --out DIR/);
    expect(JSON.stringify(notWritten).length).toBeLessThan(2000);
  });

  it('writes small results as lossless JSON only', async () => {
    const result = createDataset({ kind: 'toy.curve', data: { y: variable(['x'], Float64Array.from([Number.NaN, 1 / 3]), 'V') } });
    const dir = mkdtempSync(join(tmpdir(), 'ionscope-result-'));
    const files = await writeResultFolder(dir, result, [], undefined, { csv: false });
    expect(files.map((f) => f.path)).toEqual([ResultFiles.json]);
    const back = datasetFromJson(JSON.parse(readFileSync(join(dir, ResultFiles.json), 'utf8')));
    expect(back.data.y?.values).toEqual(result.data.y?.values);
  });
});
