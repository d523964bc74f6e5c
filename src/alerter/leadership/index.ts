export * from './always-leader-lease.js';
export * from './leadership-gate.js';
