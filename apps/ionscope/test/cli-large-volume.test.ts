/**
 * A volume "larger than memory", made small: a synthetic projection set read as a ranged source
 * (IONSCOPE_RANGED_ABOVE_MIB=0) and reconstructed by `ionscope analyze … --out DIR` and
 * `ionscope run` under a deliberately tiny memory budget, so the volume is streamed slab by slab
 * into DIR/reconstruction.nrrd. The streamed file must equal the in-memory reconstruction exactly.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneJson, runCli } from './helpers';
import { hasTomography, nrrdData, tomography, writeScan } from './tomography-scan';

const hasPlugin = hasTomography;
if (!hasPlugin) console.warn(`[skip] streamed reconstruction through the CLI: ${tomography}/dist is not built`);

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ionscope-large-'));
  writeFileSync(join(dir, 'ionscope.config.json'), JSON.stringify({ plugins: [tomography] }));
  writeScan(join(dir, 'scans', 'disc'));
  return dir;
}

const common = ['-a', 'tomography.reconstruct', '-p', 'centre=32', '-p', 'pixelSize=1.5', '-p', 'filter=hann'];
const ranged = { IONSCOPE_RANGED_ABOVE_MIB: '0' };

describe.skipIf(!hasPlugin)('volumes larger than the memory budget through the CLI', () => {
  it('analyze --out streams the volume to reconstruction.nrrd, equal to the in-memory reconstruction', async () => {
    const cwd = project();
    const memory = await runCli(['analyze', 'scans/disc', ...common, '--json'], { cwd });
    expect(memory.code, memory.stderr).toBe(0);
    const inMemory = oneJson(memory.stdout).result;
    expect(inMemory.kind).toBe('tomography.volume');
    const reference = Float32Array.from(inMemory.attenuation.values as number[]);
    expect(reference.length).toBe(16 * 64 * 64);

    const inspect = await runCli(['inspect', 'scans/disc', '--json'], { cwd, env: ranged });
    expect(oneJson(inspect.stdout).deferred.projections).toMatchObject({ dims: ['angle', 'row', 'col'], shape: [90, 16, 64], dtype: 'uint16' });

    const streamed = await runCli(['analyze', 'scans/disc', ...common, '-p', 'maxInMemoryMB=0.05', '--out', 'out', '--json'], { cwd, env: ranged });
    expect(streamed.code, streamed.stderr).toBe(0);
    const out = oneJson(streamed.stdout);
    expect(out.result.kind).toBe('tomography.volume-file');
    expect(out.result.volumeFile).toMatchObject({ name: 'reconstruction.nrrd', shape: [16, 64, 64], dtype: 'float32', unit: 'µm^-1' });
    expect(out.result.memory.slabRows).toBe(1);
    expect(out.outputs).toEqual(expect.arrayContaining([join(cwd, 'out', 'reconstruction.nrrd'), join(cwd, 'out', 'view-tomography.slices.png')]));
    const bytes = new Uint8Array(readFileSync(join(cwd, 'out', 'reconstruction.nrrd')));
    expect(out.result.volumeFile.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const { header, values } = nrrdData(bytes);
    expect(header).toMatch(/sizes: 64 64 16\n/);
    expect(header).toMatch(/spacings: 1.5 1.5 1.5\n/);
    expect(Buffer.from(values.buffer).equals(Buffer.from(reference.buffer))).toBe(true);
    // the input was read in pieces: its provenance still carries the checksum the CLI streamed
    const input = out.provenance[0].inputs.find((i: { fileName: string }) => i.fileName.endsWith('projections.npy'));
    expect(input.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(cwd, 'scans', 'disc', 'projections.npy')))
        .digest('hex'),
    );
    const crate = JSON.parse(readFileSync(join(cwd, 'out', 'ro-crate-metadata.json'), 'utf8'));
    const entity = crate['@graph'].find((e: { '@id': string }) => e['@id'] === 'reconstruction.nrrd');
    expect(entity).toMatchObject({ sha256: out.result.volumeFile.sha256, contentSize: String(bytes.length) });
  });

  it('without --out, a volume over the budget is refused with what to do', async () => {
    const cwd = project();
    const r = await runCli(['analyze', 'scans/disc', ...common, '-p', 'maxInMemoryMB=0.05', '--json'], { cwd, env: ranged });
    expect(r.code).toBe(1);
    const error = oneJson(r.stdout).error;
    expect(error.message).toMatch(/16 × 64 × 64 float32 = 0\.3 MiB\) is larger than maxInMemoryMB = 0\.05/);
    expect(JSON.stringify(error)).toMatch(/--out DIR/);
  });

  it('ionscope run streams each input’s volume into its result folder', async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, 'recon.yaml'),
      'inputs: scans/*/\nsteps:\n  - analysis: tomography.reconstruct\n    params: { centre: 32, pixelSize: 1.5, filter: hann, maxInMemoryMB: 0.05 }\noutput: { views: false }\n',
    );
    const r = await runCli(['run', 'recon.yaml', '--out', 'batch', '--workers', '1', '--json'], { cwd, env: ranged });
    expect(r.code, r.stderr).toBe(0);
    const summary = oneJson(r.stdout);
    expect(summary).toMatchObject({ ok: true, succeeded: 1 });
    const files = JSON.parse(readFileSync(join(cwd, 'batch', 'ro-crate-metadata.json'), 'utf8'))['@graph'].map((e: { '@id': string }) => e['@id']);
    const nrrd = files.find((f: string) => f.endsWith('reconstruction.nrrd'));
    expect(nrrd).toBeDefined();
    const memory = await runCli(['analyze', 'scans/disc', ...common, '--json'], { cwd });
    const reference = Float32Array.from(oneJson(memory.stdout).result.attenuation.values as number[]);
    const { values } = nrrdData(new Uint8Array(readFileSync(join(cwd, 'batch', decodeURIComponent(nrrd)))));
    expect(Buffer.from(values.buffer).equals(Buffer.from(reference.buffer))).toBe(true);
  });
});
