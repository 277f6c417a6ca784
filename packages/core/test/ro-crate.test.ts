import { describe, expect, it } from 'vitest';
import {
  buildRoCrate,
  CORE_VERSION,
  danglingRoCrateReferences,
  type JsonObject,
  mediaTypeForPath,
  RO_CRATE_CONTEXT,
  type RoCrateInput,
  SerializationError,
  sha256Hex,
} from '../src/index';

const CHAMEO_EIS = 'https://w3id.org/emmo/domain/characterisation-methodology/chameo#ElectrochemicalImpedanceSpectroscopy';
const enc = (s: string) => new TextEncoder().encode(s);

async function sampleInput(): Promise<RoCrateInput> {
  const files = {
    'data/cell A.csv': enc('f,re,im\n1,2,3\n'),
    'fit.json': enc('{"R0":0.0165}'),
    'fit.csv': enc('name,value\nR0,0.0165\n'),
    'plots/nyquist.svg': enc('<svg/>'),
    '/abs/ref 100%.csv': enc('ref'),
  };
  const entries = await Promise.all(
    Object.entries(files).map(async ([path, bytes]) => ({
      path,
      sha256: await sha256Hex(bytes),
      encodingFormat: mediaTypeForPath(path),
      contentSize: bytes.length,
      role: (path.endsWith('A.csv') || path.startsWith('/') ? 'input' : 'output') as 'input' | 'output',
    })),
  );
  return {
    name: 'EIS of cell A',
    datePublished: '2024-03-02',
    license: 'CC-BY-4.0',
    files: entries,
    software: [
      { name: 'ionscope', version: '0.3.0', url: 'https://www.npmjs.com/package/ionscope' },
      { name: '@ionscope/impedance', version: '0.2.0' },
    ],
    actions: [
      {
        name: 'Fit R0-p(R1,C1)',
        analysis: 'impedance.fit-circuit',
        plugin: '@ionscope/impedance',
        pluginVersion: '0.2.0',
        params: { circuit: 'R0-p(R1,C1)', initialGuess: [0.01, 0.01, 100], weighting: 'unit', maxIterations: 200 },
        inputs: ['data/cell A.csv', '/abs/ref 100%.csv'],
        outputs: ['fit.json', 'fit.csv', 'plots/nyquist.svg'],
        startTime: '2024-03-02T10:00:00Z',
        endTime: '2024-03-02T10:00:01Z',
      },
    ],
    techniques: [{ iri: CHAMEO_EIS, label: 'Electrochemical impedance spectroscopy' }, { label: 'Home-made method' }],
  };
}

const byId = (crate: JsonObject, id: string) => (crate['@graph'] as JsonObject[]).find((e) => e['@id'] === id);
const refs = (v: unknown) => (Array.isArray(v) ? v : [v]).map((r) => (r as { '@id': string })['@id']);

describe('RO-Crate 1.2 export', () => {
  it('has the descriptor, a complete root Dataset, and no dangling references', async () => {
    const crate = buildRoCrate(await sampleInput());
    expect(crate['@context']).toBe(RO_CRATE_CONTEXT);
    const descriptor = byId(crate, 'ro-crate-metadata.json');
    expect(descriptor).toMatchObject({ '@type': 'CreativeWork', conformsTo: { '@id': 'https://w3id.org/ro/crate/1.2' }, about: { '@id': './' } });
    const root = byId(crate, './') as JsonObject;
    expect(root['@type']).toBe('Dataset');
    for (const key of ['name', 'description', 'datePublished', 'license', 'hasPart']) expect(root[key], key).toBeDefined();
    expect(root.datePublished).toBe('2024-03-02');
    expect(byId(crate, refs(root.license)[0] as string)).toMatchObject({ '@type': 'CreativeWork', identifier: 'CC-BY-4.0' });
    expect(danglingRoCrateReferences(crate)).toEqual([]);
    // every @id appears once
    const ids = (crate['@graph'] as JsonObject[]).map((e) => e['@id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes every file with sha256, media type and size, paths escaped as URI references', async () => {
    const input = await sampleInput();
    const crate = buildRoCrate(input);
    const root = byId(crate, './') as JsonObject;
    const parts = refs(root.hasPart);
    expect(parts).toEqual(['data/cell%20A.csv', 'fit.json', 'fit.csv', 'plots/nyquist.svg', '#file:/abs/ref%20100%25.csv']);
    for (const id of parts) {
      const f = byId(crate, id) as JsonObject;
      expect(f['@type']).toBe('File');
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(typeof f.encodingFormat).toBe('string');
      expect(Number(f.contentSize)).toBeGreaterThan(0);
    }
    expect(byId(crate, 'fit.json')).toMatchObject({ encodingFormat: 'application/json', contentSize: '13', sha256: await sha256Hex(enc('{"R0":0.0165}')) });
    expect(byId(crate, 'plots/nyquist.svg')?.encodingFormat).toBe('image/svg+xml');
    expect(byId(crate, '#file:/abs/ref%20100%25.csv')?.localPath).toBe('/abs/ref 100%.csv');
  });

  it('records each analysis as a CreateAction with the plugin, inputs, parameters and outputs', async () => {
    const crate = buildRoCrate(await sampleInput());
    const root = byId(crate, './') as JsonObject;
    expect(root.conformsTo).toEqual({ '@id': 'https://w3id.org/ro/wfrun/process/0.5' });
    const [actionId] = refs(root.mentions);
    const action = byId(crate, actionId as string) as JsonObject;
    expect(action).toMatchObject({
      '@type': 'CreateAction',
      identifier: 'impedance.fit-circuit',
      startTime: '2024-03-02T10:00:00Z',
      endTime: '2024-03-02T10:00:01Z',
    });
    const plugin = byId(crate, refs(action.instrument)[0] as string) as JsonObject;
    expect(plugin).toMatchObject({ '@type': 'SoftwareApplication', name: '@ionscope/impedance', version: '0.2.0' });
    const objects = refs(action.object);
    expect(objects.slice(0, 2)).toEqual(['data/cell%20A.csv', '#file:/abs/ref%20100%25.csv']);
    const params = objects.slice(2).map((id) => byId(crate, id as string) as JsonObject);
    expect(params.map((p) => p['@type'])).toEqual(['PropertyValue', 'PropertyValue', 'PropertyValue', 'PropertyValue']);
    expect(params.find((p) => p.name === 'circuit')?.value).toBe('R0-p(R1,C1)');
    expect(params.find((p) => p.name === 'maxIterations')?.value).toBe(200);
    expect(params.find((p) => p.name === 'initialGuess')?.value).toBe('[0.01,0.01,100]');
    expect(refs(action.result)).toEqual(['fit.json', 'fit.csv', 'plots/nyquist.svg']);
  });

  it('lists core, the CLI and the plugins as SoftwareApplications with versions', async () => {
    const crate = buildRoCrate(await sampleInput());
    const apps = (crate['@graph'] as JsonObject[]).filter((e) => e['@type'] === 'SoftwareApplication');
    expect(apps.map((a) => `${a.name}@${a.version}`)).toEqual([`@ionscope/core@${CORE_VERSION}`, 'ionscope@0.3.0', '@ionscope/impedance@0.2.0']);
    expect(apps[1]?.url).toBe('https://www.npmjs.com/package/ionscope');
  });

  it('gives the techniques as measurementTechnique and about (EMMO/CHAMEO IRIs)', async () => {
    const crate = buildRoCrate(await sampleInput());
    const root = byId(crate, './') as JsonObject;
    expect(refs(root.measurementTechnique)).toEqual([CHAMEO_EIS, '#technique-home-made-method']);
    expect(refs(root.about)).toEqual(refs(root.measurementTechnique));
    expect(byId(crate, CHAMEO_EIS)).toMatchObject({ '@type': 'DefinedTerm', name: 'Electrochemical impedance spectroscopy' });
  });

  it('says so when no licence is given, and refuses inconsistent input naming the field', async () => {
    const input = await sampleInput();
    const crate = buildRoCrate({ ...input, license: undefined });
    expect(byId(crate, '#license-not-given')?.name).toBe('No licence given');
    expect(() => buildRoCrate({ ...input, files: [{ ...input.files[0]!, sha256: 'abc' }] })).toThrow(SerializationError);
    expect(() => buildRoCrate({ ...input, files: [{ ...input.files[0]!, sha256: 'abc' }] })).toThrow(/field "files\[0\]\.sha256"/);
    expect(() => buildRoCrate({ ...input, actions: [{ ...input.actions[0]!, outputs: ['missing.png'] }] })).toThrow(
      /refers to "missing\.png", which is not in files.*actions\[0\]\.outputs\[0\]|actions\[0\]\.outputs\[0\].*missing\.png/,
    );
  });

  it('detects dangling references', () => {
    const crate = { '@context': RO_CRATE_CONTEXT, '@graph': [{ '@id': './', '@type': 'Dataset', hasPart: [{ '@id': 'gone.csv' }] }] };
    expect(danglingRoCrateReferences(crate)).toEqual(['gone.csv']);
  });

  it('maps file extensions to media types', () => {
    expect(mediaTypeForPath('a/b/result.JSON')).toBe('application/json');
    expect(mediaTypeForPath('x.nxs')).toBe('application/x-hdf5');
    expect(mediaTypeForPath('C:\\data\\scan.xrdml')).toBe('application/xml');
    expect(mediaTypeForPath('noext')).toBe('application/octet-stream');
  });
});
