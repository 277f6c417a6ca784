export * from './dimension';
export * from './vocabulary';
export * from './parse';
export * from './quantity';
export * from './spectral';
