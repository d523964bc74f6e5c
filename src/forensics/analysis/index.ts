/** Window analysis: rank every series by how it changed in a window, and correlate with a focus series. */
export * from './analysis-window.js';
export * from './analyze-window.js';
export * from './combined-ranking.js';
export * from './focus-correlation.js';
export * from './prepare-series.js';
export * from './score-series.js';
export * from './window-analysis.js';
