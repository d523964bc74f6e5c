import { formatDuration, type Incident, type Labels } from '../../core/index.js';
import { comparableLabels, formatLabels } from './compare-alerts.js';
import type { ExpectedIncident } from './test-file-schema.js';

type Value = string | number | readonly string[] | Labels;

/** One field an expectation may give. Values compare by their formatted text, which is canonical. */
interface Field {
  readonly name: keyof ExpectedIncident;
  /** The incident's value in the terms a test writes it: times from the test's start, for instance. */
  actual(incident: Incident, start: number): Value | undefined;
  format(value: Value): string;
}

const quoted = (value: Value): string => JSON.stringify(value);
const plain = (value: Value): string => String(value);
const duration = (value: Value): string => formatDuration(value as number);

const FIELDS: readonly Field[] = [
  { name: 'title', actual: (incident) => incident.title, format: quoted },
  { name: 'description', actual: (incident) => incident.description, format: quoted },
  { name: 'severity', actual: (incident) => incident.severity, format: plain },
  { name: 'status', actual: (incident) => incident.status, format: plain },
  { name: 'level', actual: (incident) => incident.level, format: plain },
  { name: 'labels', actual: (incident) => incident.labels, format: (value) => formatLabels(comparableLabels(value as Labels)) },
  // Order carries no meaning: targets are added as their alerts join.
  { name: 'affected_targets', actual: (incident) => incident.affectedTargets, format: (value) => `[${[...(value as readonly string[])].sort().join(', ')}]` },
  { name: 'affected_users', actual: (incident) => incident.affectedUsers, format: plain },
  { name: 'occurred_at', actual: (incident, start) => incident.occurredAt - start, format: duration },
  { name: 'resolved_at', actual: (incident, start) => (incident.resolvedAt === undefined ? undefined : incident.resolvedAt - start), format: duration },
];

function shown(field: Field, value: Value | undefined): string {
  return value === undefined ? '(none)' : field.format(value);
}

/** What differs between an expected incident and an actual one; only the fields the expectation gives count. */
export function incidentDifferences(expected: ExpectedIncident, got: Incident, start: number): string[] {
  const out: string[] = [];
  for (const field of FIELDS) {
    const want = expected[field.name];
    if (want === undefined) continue;
    const have = field.actual(got, start);
    if (shown(field, want) !== shown(field, have)) out.push(`${field.name}: expected ${shown(field, want)}, got ${shown(field, have)}`);
  }
  return out;
}

/** One line for an expected incident: the fields it gives. */
export function describeExpectedIncident(expected: ExpectedIncident): string {
  const given = FIELDS.filter((field) => expected[field.name] !== undefined);
  return given.length === 0 ? '(any incident)' : given.map((field) => `${field.name}=${shown(field, expected[field.name])}`).join(' ');
}

/** One line for an incident: its number and every field a test can compare (empty ones left out). */
export function describeIncident(incident: Incident, start: number): string {
  const fields = FIELDS.map((field) => [field, field.actual(incident, start)] as const).filter(([, value]) => value !== undefined && value !== '');
  return `${incident.number} ${fields.map(([field, value]) => `${field.name}=${shown(field, value)}`).join(' ')}`;
}
