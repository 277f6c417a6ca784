export * from './png';
export * from './canvas';
export * from './font';
export * from './colormap';
export * from './annotate';
export * from './view';
