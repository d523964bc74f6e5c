export * from './faults.js';
export * from './lab.js';
export * from './topology.js';
