import type { Labels } from './labels.js';
import type { Severity, SupportLevel } from './severity.js';

/** Lifecycle: registered → diagnosing → resolved → closed; resolved may reopen to diagnosing before close. */
export type IncidentStatus = 'registered' | 'diagnosing' | 'resolved' | 'closed';

/** All incident statuses in lifecycle order. */
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['registered', 'diagnosing', 'resolved', 'closed'];

/** How an incident reached the NOC: opened by a monitoring rule, or reported through a contact channel. */
export type IncidentChannel = 'monitoring' | 'phone' | 'email' | 'chat' | 'whatsapp' | 'click2call' | 'web';

/** All incident channels. */
export const INCIDENT_CHANNELS: readonly IncidentChannel[] = [
  'monitoring',
  'phone',
  'email',
  'chat',
  'whatsapp',
  'click2call',
  'web',
];

/** Who reported an incident, when it came from a customer. */
export interface IncidentCustomer {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly account?: string;
}

/** An ITIL incident. Times are ms since the Unix epoch (UTC). */
export interface Incident {
  /** Tracking number `PREFIX-YYYY-NNNNNN`, never reused. */
  readonly number: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly level: SupportLevel;
  readonly channel: IncidentChannel;
  /** For monitoring incidents: the rule fingerprint (rule + grouping labels) that deduplicates them. */
  readonly fingerprint?: string;
  readonly registeredBy: string;
  readonly customer?: IncidentCustomer;
  readonly affectedTargets: readonly string[];
  readonly affectedUsers: number;
  readonly labels: Labels;
  readonly occurredAt: number;
  readonly registeredAt: number;
  /** When the NOC first attended it (acknowledge): the attention SLA clock stops here. */
  readonly acknowledgedAt?: number;
  readonly resolvedAt?: number;
  readonly closedAt?: number;
  /** Required to close. */
  readonly category?: string;
  readonly resolution?: string;
  readonly attentionDue: number;
  readonly solutionDue: number;
  /** Bumped on every change; updates may require the version they read (optimistic concurrency). */
  readonly version: number;
}

/** What a caller provides to register an incident; the store assigns number, status and version. */
export type NewIncident = Omit<Incident, 'number' | 'status' | 'version' | 'level'> & {
  readonly level?: SupportLevel;
};

/** Optional incident fields an update may clear, e.g. `resolvedAt` and `resolution` when reopening. */
export type ClearableIncidentField =
  | 'fingerprint'
  | 'customer'
  | 'acknowledgedAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'category'
  | 'resolution';

/** The fields an update may change; an absent field stays as it is, `null` clears an optional one. */
export type IncidentPatch = Partial<
  Omit<Incident, 'number' | 'registeredAt' | 'registeredBy' | 'channel' | 'version' | ClearableIncidentField>
> & { readonly [K in ClearableIncidentField]?: NonNullable<Incident[K]> | null };

/** One append-only entry of an incident's history: who did what, when. */
export interface TimelineEntry {
  readonly incident: string;
  /** 1, 2, 3… within the incident. */
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  /** What happened, e.g. `registered`, `acknowledged`, `escalated`, `comment`, `resolved`, `closed`. */
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}
