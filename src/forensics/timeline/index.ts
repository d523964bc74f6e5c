export * from './build-timeline.js';
export * from './timeline-event.js';
export * from './maintenance-events.js';
export * from './store-maintenance.js';
export type { AlertSeverityLookup } from './alert-events.js';
