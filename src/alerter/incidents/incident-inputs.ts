import type {
  IncidentChannel,
  IncidentCustomer,
  Labels,
  Severity,
  SupportLevel,
} from '../../core/index.js';
import type { InterruptionLevel } from '../../config/index.js';

/** The actor name of everything the alerter does by itself (open, join, recover, auto-close). */
export const MONITORING_ACTOR = 'monitoring';

/** The category of incidents closed after a quiet period without an operator. */
export const AUTO_RECOVERED_CATEGORY = 'auto-recovered';

/** The resolution text of incidents the alerter resolves because their alerts cleared. */
export const RECOVERED_RESOLUTION = 'recovered';

/** A firing alert as the alerter hands it to the incident side. */
export interface MonitoringIncidentInput {
  /** Rule + grouping labels: alerts with the same fingerprint share one open incident. */
  readonly fingerprint: string;
  readonly title: string;
  readonly description?: string | undefined;
  /** The rule's severity. */
  readonly severity: Severity;
  /** When given, the severity matrix may raise the rule's severity for the users affected. */
  readonly interruption?: InterruptionLevel | undefined;
  /** The incident's labels (the grouping labels); kept from the first alert. */
  readonly labels?: Labels | undefined;
  readonly affectedTargets?: readonly string[] | undefined;
  /** Users affected by the incident as the caller counts them; the config's `targets[].users` also count. */
  readonly affectedUsers?: number | undefined;
  /** When the condition started (before `for`), which may precede registration. */
  readonly occurredAt: number;
  /** The labels of the alert instance that joins, recorded on the timeline. */
  readonly alertLabels: Labels;
  /** The alert that explains this one (inhibition, a dependency down), recorded on the timeline. */
  readonly inhibitedBy?: Labels | undefined;
}

/** The channels a person may register an incident through. */
export type ManualChannel = Exclude<IncidentChannel, 'monitoring'>;

/** An incident reported by a customer or registered by an operator. */
export interface ManualIncidentInput {
  readonly channel: ManualChannel;
  readonly registeredBy: string;
  readonly title: string;
  readonly description?: string | undefined;
  /** Given, or derived from `interruption` and the affected users through the severity matrix. */
  readonly severity?: Severity | undefined;
  readonly interruption?: InterruptionLevel | undefined;
  readonly affectedTargets?: readonly string[] | undefined;
  /** Defaults to the users of the affected targets in the config. */
  readonly affectedUsers?: number | undefined;
  readonly customer?: { readonly [K in keyof IncidentCustomer]?: IncidentCustomer[K] | undefined } | undefined;
  readonly labels?: Labels | undefined;
  readonly level?: SupportLevel | undefined;
  /** Defaults to the registration time. */
  readonly occurredAt?: number | undefined;
}

// Optional fields also take an explicit undefined, so a validated request body passes through as it is.

/** Who acts, and optionally the version they saw (a stale one fails with `conflict`). */
export interface ActionBase {
  readonly actor: string;
  readonly version?: number | undefined;
}

/** A first acknowledgement: stops the attention clock. */
export interface AcknowledgeInput extends ActionBase {
  readonly note?: string | undefined;
}

/** An escalation to the next support level, or to a given higher one. */
export interface EscalateInput extends ActionBase {
  readonly level?: SupportLevel | undefined;
  readonly reason?: string | undefined;
}

/** A resolution: stops the solution clock. */
export interface ResolveInput extends ActionBase {
  readonly resolution: string;
}

/** A closure; the category is required (it feeds the reports). */
export interface CloseInput extends ActionBase {
  readonly category: string;
  readonly note?: string | undefined;
}

/** A note on the timeline. */
export interface CommentInput {
  readonly actor: string;
  readonly text: string;
}

/** A reopening of a resolved incident. */
export interface ReopenInput extends ActionBase {
  readonly reason?: string | undefined;
}

/** What `openOrJoin` did with an alert. */
export type OpenOrJoinAction = 'opened' | 'joined' | 'reopened';
