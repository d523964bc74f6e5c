export * from './delivery-worker.js';
export * from './heartbeat.js';
export * from './memory-outbox-store.js';
export * from './outbox-entry.js';
export * from './outbox-stats.js';
export * from './retry-policy.js';
