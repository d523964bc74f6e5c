/** Renderings of the monthly reports: CSV, printable HTML, and the published JSON Schemas. */
export * from './availability-csv.js';
export * from './availability-html.js';
export * from './report-schemas.js';
export * from './sla-csv.js';
export * from './sla-html.js';
