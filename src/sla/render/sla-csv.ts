import type { ClockOutcome, SlaReport } from '../report-model.js';
import { type CsvCell, csvDocument, printedMoney } from './csv-writer.js';

/** Columns of the SLA incidents CSV, in order. */
export const SLA_CSV_HEADER = [
  'number',
  'title',
  'severity',
  'site',
  'status',
  'registered_at',
  'acknowledged_at',
  'resolved_at',
  'attention_state',
  'attention_due',
  'attention_took_seconds',
  'attention_late_seconds',
  'solution_state',
  'solution_due',
  'solution_took_seconds',
  'solution_late_seconds',
  'within_sla',
] as const;

/** Columns of the penalties CSV, in order. */
export const PENALTIES_CSV_HEADER = ['site', 'kind', 'incident', 'reason', 'amount', 'currency'] as const;

function clock(outcome: ClockOutcome): CsvCell[] {
  return [outcome.state, outcome.due, outcome.tookSeconds, outcome.lateSeconds];
}

/**
 * The SLA report's incidents as CSV, one row per incident; instants stay ISO-8601 UTC as in the JSON
 * report (a spreadsheet converts them, a script needs no zone), durations in seconds.
 */
export function slaCsv(report: SlaReport): string {
  const rows = report.incidents.map((incident): CsvCell[] => [
    incident.number,
    incident.title,
    incident.severity,
    incident.site,
    incident.status,
    incident.registeredAt,
    incident.acknowledgedAt,
    incident.resolvedAt,
    ...clock(incident.attention),
    ...clock(incident.solution),
    incident.withinSla,
  ]);
  return csvDocument(SLA_CSV_HEADER, rows);
}

/** The SLA report's penalty items as CSV, one row per item; the header alone when there is no contract. */
export function penaltiesCsv(report: SlaReport): string {
  const penalties = report.penalties;
  if (penalties === null) return csvDocument(PENALTIES_CSV_HEADER, []);
  const rows = penalties.sites.flatMap((site) =>
    site.items.map((item): CsvCell[] => [site.site, item.kind, item.incident, item.reason, printedMoney(item.amount), penalties.currency]),
  );
  return csvDocument(PENALTIES_CSV_HEADER, rows);
}
