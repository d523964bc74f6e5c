/** Forensic reports (analysis + timeline) and the snapshots frozen onto incidents when they open. */
export * from './forensic-report.js';
export * from './forensic-snapshot.js';
export * from './incident-snapshotter.js';
export type { TimelineEvent, TimelineEventKind } from '../timeline/timeline-event.js';
export type { MaintenanceLookup, MaintenanceSpan } from '../timeline/maintenance-events.js';
export type { AlertSeverityLookup } from '../timeline/alert-events.js';
