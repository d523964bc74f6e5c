import type { IncidentStatus } from '../../../core/index.js';
import type { IncidentEvent } from '../notification.js';

/**
 * The words of one language. Sentences are mustache templates over `{{number}}`, `{{title}}`, `{{level}}`;
 * they are trusted text, their values are escaped where the output needs it.
 */
export interface NotificationStrings {
  /** The word after the title in a subject: "opened", "resolved"… */
  readonly events: Readonly<Record<IncidentEvent, string>>;
  /** The first sentence of the body. */
  readonly headlines: Readonly<Record<IncidentEvent, string>>;
  readonly statuses: Readonly<Record<IncidentStatus, string>>;
  readonly alertStates: Readonly<Record<'firing' | 'resolved', string>>;
  readonly fields: {
    readonly severity: string;
    readonly status: string;
    readonly level: string;
    readonly occurredAt: string;
    readonly registeredAt: string;
    readonly acknowledgedAt: string;
    readonly attentionDue: string;
    readonly solutionDue: string;
    readonly resolvedAt: string;
    readonly closedAt: string;
    readonly affectedTargets: string;
    readonly affectedUsers: string;
    readonly category: string;
    readonly resolution: string;
    readonly description: string;
    readonly alerts: string;
    readonly since: string;
    readonly value: string;
  };
  /** Label of the link to the incident on the dashboard. */
  readonly openIncident: string;
  readonly heartbeat: {
    readonly subject: string;
    /** Mustache over `{{at}}`. */
    readonly body: string;
  };
  /** Mustache over `{{key}}`: the last line, which names the delivery so duplicates can be told apart. */
  readonly footer: string;
}
