import { type ClearableIncidentField, type Incident, type IncidentPatch, NocError } from '../core/index.js';

const PATCHABLE = new Set<string>([
  'title',
  'description',
  'severity',
  'status',
  'level',
  'fingerprint',
  'customer',
  'affectedTargets',
  'affectedUsers',
  'labels',
  'occurredAt',
  'acknowledgedAt',
  'resolvedAt',
  'closedAt',
  'category',
  'resolution',
  'attentionDue',
  'solutionDue',
]);

const CLEARABLE = new Set<string>([
  'fingerprint',
  'customer',
  'acknowledgedAt',
  'resolvedAt',
  'closedAt',
  'category',
  'resolution',
] satisfies ClearableIncidentField[]);

/**
 * The incident `patch` makes of `current`, at the next version, as every IncidentStore applies it: a field
 * absent (or `undefined`) is kept, `null` clears an optional field (dropped entirely), anything else is
 * refused with `bad_request` naming the field.
 */
export function applyIncidentPatch(current: Incident, patch: IncidentPatch): Incident {
  const next: Record<string, unknown> = { ...current, version: current.version + 1 };
  for (const [key, value] of Object.entries(patch)) {
    if (!PATCHABLE.has(key)) throw new NocError('bad_request', `incident field '${key}' cannot be changed`);
    if (value === null && !CLEARABLE.has(key)) {
      throw new NocError('bad_request', `incident field '${key}' cannot be cleared`);
    }
    if (value !== undefined) next[key] = value ?? undefined;
  }
  // A cleared field is absent, not undefined, as it is after a read.
  return Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)) as unknown as Incident;
}
