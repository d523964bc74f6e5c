/** Public entry point of the SLA reports: availability, compliance, penalties and their renderings. */
export * from './report-model.js';
export * from './period/report-month.js';
export * from './monthly-reports.js';
export * from './render/index.js';
export * from './monthly-report-job.js';
