/** Public entry point of forensics: window scoring statistics, correlation and timeline building blocks. */
export * from './statistics/index.js';
export * from './analysis/index.js';
export * from './snapshot/index.js';
export * from './timeline/index.js';
