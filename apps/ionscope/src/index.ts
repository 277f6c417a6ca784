/**
 * The ionscope command-line app. `ionscope plugins | inspect | analyze | run | report | demo`.
 * The modules are exported for tools that want the same plugin discovery or output layout.
 * @packageDocumentation
 */
export { createProgram, main } from './cli/program';
export { CliErrorCode, ExitCode } from './cli/errors';
export { buildParams, parseParamValue, setPath } from './cli/params';
export { findPluginPackages, nodeModulesChain, type PluginPackage } from './discovery/find-packages';
export { readConfig, resolveConfigEntry, type IonscopeConfig } from './discovery/config';
export { loadRegistry, type DiscoveryMode, type LoadedPlugin, type LoadedRegistry, type PluginProblem } from './discovery/load';
export { vegaLiteToSvg } from './output/render-vega';
export { LARGE_ARRAY_ELEMENTS, plainResult, ResultFiles, resultJson, writeResultFolder, renderViews } from './output/result-folder';
export { summarizeDataset, type DatasetSummary } from './output/describe';

// Types that the exported functions take or return, exported so users (and the docs) can name them.
export type { ConfigPluginEntry, ResolvedEntry } from './discovery/config';
export type { DiscoveryOptions } from './discovery/load';
export type { WrittenFile } from './output/result-folder';
