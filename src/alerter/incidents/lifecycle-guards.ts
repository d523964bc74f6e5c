import { NocError, type Incident, type IncidentStatus } from '../../core/index.js';

/** Refuses `action` unless the incident is in one of `allowed`, naming what would make it possible. */
export function requireStatus(incident: Incident, action: string, allowed: readonly IncidentStatus[], hint?: string): void {
  if (allowed.includes(incident.status)) return;
  const suffix = hint === undefined ? '' : `; ${hint}`;
  throw new NocError(
    'conflict',
    `cannot ${action} incident ${incident.number}: it is ${incident.status} (allowed from ${allowed.join(' or ')})${suffix}`,
    { number: incident.number, status: incident.status, allowed },
  );
}

/** Refuses an empty or blank required text, naming the field. */
export function requireText(value: string | undefined, field: string, action: string): string {
  const text = value?.trim() ?? '';
  if (text === '') throw new NocError('bad_request', `${field} is required to ${action} an incident`, { field });
  return text;
}
