/**
 * @ionscope/core: the data model, units, plugin contract, registry, pipeline, provenance,
 * serialisation and FAIR export shared by every ionscope package. Isomorphic: no Node-only API.
 * @packageDocumentation
 */
export { z } from 'zod';
export * from './version';
export * from './errors';
export * from './units/index';
export * from './data/arrays';
export * from './data/json';
export * from './data/variable';
export * from './data/coordinate';
export * from './data/metadata';
export * from './data/provenance';
export * from './data/dataset';
export * from './data/deferred';
export * from './plugin/contract';
export * from './plugin/accepts';
export * from './plugin/api-version';
export * from './plugin/params';
export * from './plugin/define-plugin';
export * from './plugin/validate';
export * from './registry/registry';
export * from './registry/describe';
export * from './pipeline/file-source';
export * from './pipeline/read';
export * from './pipeline/run-analysis';
export * from './pipeline/render';
export * from './pipeline/spec';
export * from './pipeline/pipeline';
export * from './pipeline/batch';
export * from './pipeline/parallel';
export * from './pipeline/memory-sink';
export * from './pipeline/sample';
export * from './serialize/json';
export * from './serialize/plain';
export * from './util/checksum';
export * from './util/logger';
export * from './util/text';
export * from './util/table';
export * from './hdf5/h5wasm-runtime';
export * from './hdf5/open';
export * from './hdf5/create';
export * from './serialize/nexus';
export * from './fair/ro-crate';
export * from './fair/media-types';
export * from './image/index';
export * from './builtin/plugin';
