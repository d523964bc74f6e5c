import {
  type Incident,
  isNocError,
  type Logger,
  type OutboxStore,
  type ProcessedMail,
  type ProcessedMailLog,
  type Severity,
  type TimelineEntry,
} from '../../core/index.js';
import type { CommentInput, ManualIncidentInput } from '../incidents/incident-inputs.js';
import type { OutgoingMessage } from '../notifiers/notification.js';
import { outboxEntry } from '../outbox/outbox-entry.js';
import { incidentNotice } from '../routing/incident-notice.js';
import { type InboundMail, isAutomaticMail } from './inbound-mail.js';
import { trackingNumbersIn } from './tracking-number.js';

/** Longest description or comment taken from a body: a report, not a log dump pasted into a mail. */
export const MAX_BODY_CHARS = 20_000;

/** Longest title taken from a subject. */
export const MAX_SUBJECT_CHARS = 300;

/** The title of an incident reported by a message without a subject. */
export const NO_SUBJECT = '(no subject)';

/** What the intake needs of the incident side (`IncidentService` has exactly this). */
export interface IncidentIntake {
  register(input: ManualIncidentInput, at: number): Promise<Incident>;
  comment(number: string, input: CommentInput, at: number): Promise<TimelineEntry>;
  /** The incident, or a `not_found` NocError. */
  get(number: string): Promise<Incident>;
}

/** Where the reply with the tracking number is queued. */
export type ReplyOutbox = Pick<OutboxStore, 'enqueue'>;

/** What `MailToIncident` works with. */
export interface MailToIncidentDeps {
  readonly incidents: IncidentIntake;
  readonly processed: ProcessedMailLog;
  readonly outbox: ReplyOutbox;
  /** `incidents.prefix`: the tracking numbers a subject may name. */
  readonly prefix: string;
  readonly defaultSeverity: Severity;
  /** E-mail channel the reply goes through; absent: no reply. */
  readonly replyChannel?: string | undefined;
  /** Tells the outbox worker a message is waiting, so the reply does not wait for its next poll. */
  readonly wake?: (() => void) | undefined;
  readonly log: Logger;
}

/** What became of one message. */
export interface MailOutcome {
  readonly incident: Incident;
  /** `received`: a new incident; `appended`: a comment on the incident its subject named. */
  readonly event: ProcessedMail['event'];
  /** The message had been processed before (same Message-ID): nothing new was stored. */
  readonly duplicate: boolean;
  /** A reply with the tracking number is in the outbox. */
  readonly replied: boolean;
}

/** `text` trimmed and cut to `max` characters, saying so when it was cut. */
function capped(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max).trimEnd()}\n[… cut at ${max} characters]`;
}

/**
 * Turns inbound e-mail into incidents: a message whose subject names an existing tracking number is
 * appended to that incident's timeline, any other registers a new incident; each is processed once per
 * Message-ID, and the sender gets the tracking number back through the reply channel.
 */
export class MailToIncident {
  private readonly log: Logger;
  // Two deliveries of one message at once (a relay retrying while the first is still stored) run one after the other.
  private readonly inFlight = new Map<string, Promise<MailOutcome>>();

  constructor(private readonly deps: MailToIncidentDeps) {
    this.log = deps.log.child({ component: 'inbound-email' });
  }

  /** Whether accepted messages are answered with their tracking number. */
  get replies(): boolean {
    return this.deps.replyChannel !== undefined;
  }

  /** Stores `mail` as an incident or a comment (once per Message-ID) and queues the reply; resolves once stored. */
  async accept(mail: InboundMail, at: number): Promise<MailOutcome> {
    const previous = this.inFlight.get(mail.messageId);
    const run = (previous ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.process(mail, at));
    this.inFlight.set(mail.messageId, run);
    try {
      return await run;
    } finally {
      if (this.inFlight.get(mail.messageId) === run) this.inFlight.delete(mail.messageId);
    }
  }

  private async process(mail: InboundMail, at: number): Promise<MailOutcome> {
    const seen = await this.deps.processed.find(mail.messageId);
    if (seen !== undefined) {
      const incident = await this.deps.incidents.get(seen.number);
      this.log.info({ messageId: mail.messageId, incident: incident.number }, 'message already processed; nothing stored again');
      // Queued again in case the first delivery stopped between storing and queueing: the outbox keeps one per key.
      const replied = await this.reply(mail, incident, seen.event, at);
      return { incident, event: seen.event, duplicate: true, replied };
    }
    const { incident, event } = await this.store(mail, at);
    // Stored before remembered: a crash in between gives a duplicate on retry, never a lost report.
    await this.deps.processed.remember(mail.messageId, { number: incident.number, event, at });
    const replied = await this.reply(mail, incident, event, at);
    return { incident, event, duplicate: false, replied };
  }

  private async store(mail: InboundMail, at: number): Promise<{ incident: Incident; event: ProcessedMail['event'] }> {
    const subject = capped(mail.subject, MAX_SUBJECT_CHARS);
    const body = capped(mail.text, MAX_BODY_CHARS);
    const existing = await this.namedIncident(subject);
    if (existing !== undefined) {
      const text = body === '' ? `(e-mail without text: ${subject === '' ? NO_SUBJECT : subject})` : body;
      await this.deps.incidents.comment(existing.number, { actor: mail.from.address, text }, at);
      this.log.info({ messageId: mail.messageId, incident: existing.number }, 'e-mail appended to an incident');
      return { incident: existing, event: 'appended' };
    }
    const incident = await this.deps.incidents.register(
      {
        channel: 'email',
        registeredBy: mail.from.address,
        title: subject === '' ? NO_SUBJECT : subject,
        description: body,
        severity: this.deps.defaultSeverity,
        customer: { name: mail.from.name, email: mail.from.address },
        occurredAt: occurredAt(mail.date, at),
      },
      at,
    );
    this.log.info({ messageId: mail.messageId, incident: incident.number }, 'incident registered from e-mail');
    return { incident, event: 'received' };
  }

  /** The first incident the subject names that exists; a number that does not exist is just text. */
  private async namedIncident(subject: string): Promise<Incident | undefined> {
    for (const number of trackingNumbersIn(subject, this.deps.prefix)) {
      try {
        return await this.deps.incidents.get(number);
      } catch (error) {
        if (!isNocError(error, 'not_found')) throw error;
      }
    }
    return undefined;
  }

  private async reply(mail: InboundMail, incident: Incident, event: ProcessedMail['event'], at: number): Promise<boolean> {
    const channel = this.deps.replyChannel;
    if (channel === undefined) return false;
    if (isAutomaticMail(mail)) {
      this.log.info({ messageId: mail.messageId, incident: incident.number }, 'automatic message: no reply, to avoid a mail loop');
      return false;
    }
    const message: OutgoingMessage = {
      idempotencyKey: `reply:${mail.messageId}`,
      to: [mail.from.address],
      notification: incidentNotice(event, incident, []),
    };
    await this.deps.outbox.enqueue(outboxEntry(channel, message, at));
    this.deps.wake?.();
    return true;
  }
}

/** The report's own date when it is plausible (not in the future, not older than a retry window); else undefined. */
function occurredAt(date: number | undefined, at: number): number | undefined {
  const WEEK_MS = 7 * 24 * 3_600_000;
  return date !== undefined && date <= at && date >= at - WEEK_MS ? date : undefined;
}
