import packageJson from '../package.json';

/** Version of the @ionscope/core package. */
export const CORE_VERSION: string = packageJson.version;

/**
 * Version of the plugin API (the contract in plugin/contract.ts). A plugin declares the range it
 * was written for (`apiVersion: '^1'`); a breaking change to the contract bumps the major.
 */
export const API_VERSION = '1.0.0';
