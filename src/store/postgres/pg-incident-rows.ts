import type {
  Incident,
  IncidentChannel,
  IncidentCustomer,
  IncidentStatus,
  Labels,
  Severity,
  SupportLevel,
  TimelineEntry,
} from '../../core/index.js';

/** An incidents row as pg returns it: bigint times as numbers, jsonb columns parsed. */
export interface IncidentRow {
  number: string;
  title: string;
  description: string;
  severity: Severity;
  status: IncidentStatus;
  level: SupportLevel;
  channel: IncidentChannel;
  fingerprint: string | null;
  registered_by: string;
  customer: IncidentCustomer | null;
  affected_targets: string[];
  affected_users: number;
  labels: Labels;
  occurred_at: number;
  registered_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  category: string | null;
  resolution: string | null;
  attention_due: number;
  solution_due: number;
  version: number;
}

/** An incident_timeline row as pg returns it. */
export interface TimelineRow {
  incident: string;
  seq: number;
  at: number;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** Column order of every insert and update; jsonb columns are written as JSON text and cast. */
export const FIELDS = [
  'number', 'title', 'description', 'severity', 'status', 'level', 'channel', 'fingerprint', 'registered_by',
  'customer', 'affected_targets', 'affected_users', 'labels', 'occurred_at', 'registered_at', 'acknowledged_at',
  'resolved_at', 'closed_at', 'category', 'resolution', 'attention_due', 'solution_due', 'version',
] as const satisfies readonly (keyof IncidentRow)[];

const JSON_FIELDS = new Set<string>(['customer', 'affected_targets', 'labels']);
/** The incidents columns, in {@link FIELDS} order. */
export const COLUMNS = FIELDS.join(', ');
/** The VALUES list of an insert of every column. */
export const PLACEHOLDERS = FIELDS.map((field, i) => (JSON_FIELDS.has(field) ? `$${i + 1}::jsonb` : `$${i + 1}`)).join(', ');
/** The SET list of an update of every column but the number ($1). */
export const ASSIGNMENTS = FIELDS.map((field, i) => [field, JSON_FIELDS.has(field) ? `$${i + 1}::jsonb` : `$${i + 1}`] as const)
  .filter(([field]) => field !== 'number')
  .map(([field, placeholder]) => `${field} = ${placeholder}`)
  .join(', ');

/** Parameters in {@link FIELDS} order, jsonb columns as JSON text. */
export function rowValues(row: IncidentRow): unknown[] {
  return FIELDS.map((field) => {
    const value = row[field];
    return JSON_FIELDS.has(field) && value !== null ? JSON.stringify(value) : value;
  });
}

/** A copy through JSON text, as the embedded store writes it; a missing value becomes null (NOT NULL refuses it). */
function viaJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

/** The row of an incident; the round trip toRow → fromRow drops fields beyond Incident's. */
export function toRow(incident: Incident): IncidentRow {
  return {
    number: incident.number,
    title: incident.title,
    description: incident.description,
    severity: incident.severity,
    status: incident.status,
    level: incident.level,
    channel: incident.channel,
    fingerprint: incident.fingerprint ?? null,
    registered_by: incident.registeredBy,
    customer: viaJson(incident.customer) as IncidentCustomer | null,
    affected_targets: viaJson(incident.affectedTargets) as string[],
    affected_users: incident.affectedUsers,
    labels: viaJson(incident.labels) as Labels,
    occurred_at: incident.occurredAt,
    registered_at: incident.registeredAt,
    acknowledged_at: incident.acknowledgedAt ?? null,
    resolved_at: incident.resolvedAt ?? null,
    closed_at: incident.closedAt ?? null,
    category: incident.category ?? null,
    resolution: incident.resolution ?? null,
    attention_due: incident.attentionDue,
    solution_due: incident.solutionDue,
    version: incident.version,
  };
}

/** The incident of a row, optional fields absent rather than null. */
export function fromRow(row: IncidentRow): Incident {
  return {
    number: row.number,
    title: row.title,
    description: row.description,
    severity: row.severity,
    status: row.status,
    level: row.level,
    channel: row.channel,
    ...(row.fingerprint === null ? {} : { fingerprint: row.fingerprint }),
    registeredBy: row.registered_by,
    ...(row.customer === null ? {} : { customer: row.customer }),
    affectedTargets: row.affected_targets,
    affectedUsers: row.affected_users,
    labels: row.labels,
    occurredAt: row.occurred_at,
    registeredAt: row.registered_at,
    ...(row.acknowledged_at === null ? {} : { acknowledgedAt: row.acknowledged_at }),
    ...(row.resolved_at === null ? {} : { resolvedAt: row.resolved_at }),
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
    ...(row.category === null ? {} : { category: row.category }),
    ...(row.resolution === null ? {} : { resolution: row.resolution }),
    attentionDue: row.attention_due,
    solutionDue: row.solution_due,
    version: row.version,
  };
}

/** The timeline entry of a row. */
export function entryFromRow(row: TimelineRow): TimelineEntry {
  return { incident: row.incident, seq: row.seq, at: row.at, actor: row.actor, action: row.action, details: row.details };
}
