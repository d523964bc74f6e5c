import type { AvailabilityFigures, AvailabilityReport } from '../report-model.js';
import { type CsvCell, csvDocument, printedNumber } from './csv-writer.js';

/** Columns of the availability CSV, in order. */
export const AVAILABILITY_CSV_HEADER = [
  'kind',
  'name',
  'role',
  'site',
  'up_seconds',
  'down_seconds',
  'unknown_seconds',
  'maintenance_seconds',
  'availability_percent',
  'target_percent',
  'allowed_downtime_seconds',
  'error_budget_left_seconds',
  'met',
  'outages',
  'mttr_seconds',
  'mtbf_seconds',
] as const;

function figures(row: AvailabilityFigures): CsvCell[] {
  return [
    row.upSeconds,
    row.downSeconds,
    row.unknownSeconds,
    row.maintenanceSeconds,
    printedNumber(row.availabilityPercent, 4),
    printedNumber(row.targetPercent, 4),
    row.allowedDowntimeSeconds,
    row.errorBudgetLeftSeconds,
    row.met,
    row.outages,
    row.mttrSeconds,
    row.mtbfSeconds,
  ];
}

/**
 * The availability report as CSV: one row per entity, the total first, then roles, sites, services and
 * targets; seconds as plain numbers, percent with up to 4 decimals, empty where the report has null.
 */
export function availabilityCsv(report: AvailabilityReport): string {
  const rows: CsvCell[][] = [
    ['total', report.totals.key, null, null, ...figures(report.totals)],
    ...report.roles.map((role) => ['role', role.key, role.key, null, ...figures(role)]),
    ...report.sites.map((site) => ['site', site.key, null, site.key, ...figures(site)]),
    ...report.services.map((service) => ['service', service.service, null, service.site, ...figures(service)]),
    ...report.targets.map((target) => ['target', target.target, target.role, target.site, ...figures(target)]),
  ];
  return csvDocument(AVAILABILITY_CSV_HEADER, rows);
}
