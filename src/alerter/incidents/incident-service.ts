import {
  type Clock,
  type Incident,
  type IncidentCustomer,
  type IncidentFilter,
  type IncidentPatch,
  type IncidentStore,
  isNocError,
  type Labels,
  type Logger,
  NocError,
  SUPPORT_LEVELS,
  type TimelineChange,
  type TimelineEntry,
} from '../../core/index.js';
import { usersOfTargets } from './affected-users.js';
import {
  type AcknowledgeInput,
  AUTO_RECOVERED_CATEGORY,
  type CloseInput,
  type CommentInput,
  type EscalateInput,
  type ManualIncidentInput,
  MONITORING_ACTOR,
  type MonitoringIncidentInput,
  type OpenOrJoinAction,
  RECOVERED_RESOLUTION,
  type ReopenInput,
  type ResolveInput,
} from './incident-inputs.js';
import { alertDetails, type IncidentsSettings, joinChange } from './join-patch.js';
import { requireStatus, requireText } from './lifecycle-guards.js';
import { mostSevere, severityFromImpact } from './severity-from-impact.js';
import { slaDeadlines } from './sla-deadlines.js';

// Another writer (an operator, the alerter) may slip in between a read and its update; a few re-reads
// settle that, while a persistent conflict is a real one and is reported.
const ATTEMPTS = 3;

/** One read-modify-write: the fields to change and the timeline entry recording it. */
interface Mutation {
  readonly patch: IncidentPatch;
  readonly change: TimelineChange;
}

/** A version conflict (someone else wrote in between), as opposed to a refused transition. */
function isVersionConflict(error: unknown): boolean {
  return isNocError(error, 'conflict') && (error.details as { version?: unknown } | undefined)?.version !== undefined;
}

/** Customer data without its empty fields, or nothing at all: the store keeps what was given, no more. */
function customerOf(given: ManualIncidentInput['customer']): { customer?: IncidentCustomer } {
  const fields = Object.entries(given ?? {}).filter(([, value]) => value !== undefined && value.trim() !== '');
  return fields.length === 0 ? {} : { customer: Object.fromEntries(fields) as IncidentCustomer };
}

/** The incident lifecycle (DESIGN.md §3): monitoring opens, joins and resolves; people act through the API. */
export class IncidentService {
  private readonly log: Logger;

  constructor(
    private readonly store: IncidentStore,
    private readonly settings: () => IncidentsSettings,
    private readonly clock: Clock,
    log: Logger,
  ) {
    this.log = log.child({ component: 'incidents' });
  }

  /** The incident with this tracking number; `not_found` otherwise. */
  async get(number: string): Promise<Incident> {
    const incident = await this.store.get(number);
    if (incident === undefined) throw new NocError('not_found', `no incident ${number}`);
    return incident;
  }

  /** The incident's timeline, oldest first. */
  timeline(number: string): Promise<TimelineEntry[]> {
    return this.store.timeline(number);
  }

  /** Incidents matching `filter`, newest first. */
  list(filter: IncidentFilter = {}): Promise<Incident[]> {
    return this.store.list(filter);
  }

  /**
   * A firing alert: joins the open incident with its fingerprint, reopens a resolved (not yet closed) one
   * (the problem came back before anyone closed it), or opens a new monitoring incident.
   */
  async openOrJoin(input: MonitoringIncidentInput, at = this.clock.now()): Promise<{ incident: Incident; action: OpenOrJoinAction }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const open = await this.store.findOpenByFingerprint(input.fingerprint);
        if (open !== undefined) return { incident: await this.join(open, input, at), action: 'joined' };
        const [resolved] = await this.store.list({ fingerprint: input.fingerprint, status: ['resolved'], limit: 1 });
        if (resolved !== undefined) {
          const reopened = await this.store.update(
            resolved.number,
            // Nobody has looked at it if nobody acknowledged it: it is back to waiting for attention.
            { status: resolved.acknowledgedAt === undefined ? 'registered' : 'diagnosing', resolvedAt: null, resolution: null },
            { at, actor: MONITORING_ACTOR, action: 'reopened', details: { reason: 'alert fired again', alert: { ...input.alertLabels } } },
            resolved.version,
          );
          return { incident: await this.join(reopened, input, at), action: 'reopened' };
        }
        return { incident: await this.open(input, at), action: 'opened' };
      } catch (error) {
        // A conflict here is a concurrent open of the same fingerprint or a concurrent update: re-read.
        if (!isNocError(error, 'conflict') || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /** An alert of the incident stopped firing: recorded on the newest unclosed incident with the fingerprint. */
  alertLeft(fingerprint: string, alertLabels: Labels, at = this.clock.now()): Promise<Incident | undefined> {
    return this.noteAlert(fingerprint, 'alert_left', { alert: { ...alertLabels } }, at);
  }

  /** An alert of the incident started (or stopped) flapping: its flips in between are not recorded one by one. */
  alertFlapping(fingerprint: string, alertLabels: Labels, flapping: boolean, at = this.clock.now()): Promise<Incident | undefined> {
    return this.noteAlert(fingerprint, flapping ? 'alert_flapping' : 'alert_stopped_flapping', { alert: { ...alertLabels } }, at);
  }

  private async noteAlert(fingerprint: string, action: string, details: Record<string, unknown>, at: number): Promise<Incident | undefined> {
    const incident =
      (await this.store.findOpenByFingerprint(fingerprint)) ??
      (await this.store.list({ fingerprint, status: ['resolved'], limit: 1 }))[0];
    if (incident === undefined) return undefined;
    await this.store.appendTimeline(incident.number, { at, actor: MONITORING_ACTOR, action, details });
    return incident;
  }

  /** Every alert of the incident cleared: resolved by monitoring, waiting for a close (or the auto-close). */
  async recovered(fingerprint: string, at = this.clock.now()): Promise<Incident | undefined> {
    for (let attempt = 1; ; attempt++) {
      const open = await this.store.findOpenByFingerprint(fingerprint);
      if (open === undefined) return undefined;
      try {
        return await this.store.update(
          open.number,
          { status: 'resolved', resolvedAt: at, resolution: RECOVERED_RESOLUTION },
          { at, actor: MONITORING_ACTOR, action: 'resolved', details: { resolution: RECOVERED_RESOLUTION } },
          open.version,
        );
      } catch (error) {
        if (!isVersionConflict(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Closes, with category `auto-recovered`, incidents that monitoring resolved at least
   * `incidents.auto_close_after` before `at` and that nobody touched since; absent or 0 disables it.
   */
  async autoCloseQuiet(at = this.clock.now()): Promise<Incident[]> {
    const quiet = this.settings().incidents.auto_close_after ?? 0;
    if (quiet <= 0) return [];
    const closed: Incident[] = [];
    for (const incident of await this.store.list({ status: ['resolved'] })) {
      if (incident.resolvedAt === undefined || incident.resolvedAt > at - quiet) continue;
      const lastResolve = (await this.store.timeline(incident.number)).findLast((entry) => entry.action === 'resolved');
      // A person's resolution waits for a person's closure and category.
      if (lastResolve?.actor !== MONITORING_ACTOR) continue;
      try {
        closed.push(
          await this.store.update(
            incident.number,
            { status: 'closed', closedAt: at, category: AUTO_RECOVERED_CATEGORY },
            { at, actor: MONITORING_ACTOR, action: 'closed', details: { category: AUTO_RECOVERED_CATEGORY, quietForMs: at - incident.resolvedAt } },
            incident.version,
          ),
        );
        this.log.info({ incident: incident.number }, 'auto-closed a recovered incident');
      } catch (error) {
        // Someone acted on it meanwhile: their action wins, and the next pass looks again.
        if (!isVersionConflict(error)) throw error;
      }
    }
    return closed;
  }

  /** Registers an incident reported through a contact channel. */
  async register(input: ManualIncidentInput, at = this.clock.now()): Promise<Incident> {
    if ((input.channel as string) === 'monitoring') {
      throw new NocError('bad_request', "channel 'monitoring' is reserved for incidents the alerter opens", { field: 'channel' });
    }
    const title = requireText(input.title, 'title', 'register');
    const registeredBy = requireText(input.registeredBy, 'registeredBy', 'register');
    const settings = this.settings();
    const affectedTargets = [...new Set(input.affectedTargets ?? [])];
    const affectedUsers = input.affectedUsers ?? usersOfTargets(affectedTargets, settings.targets);
    let severity = input.severity;
    if (severity === undefined && input.interruption !== undefined) {
      severity = severityFromImpact(affectedUsers, input.interruption, settings.sla.severity_matrix);
    }
    if (severity === undefined) {
      throw new NocError('bad_request', 'give a severity (S1-S4), or an interruption (total, partial, degraded) to derive it from the affected users', {
        field: 'severity',
      });
    }
    const incident = await this.store.create(
      {
        title,
        description: input.description ?? '',
        severity,
        channel: input.channel,
        registeredBy,
        ...customerOf(input.customer),
        ...(input.level === undefined ? {} : { level: input.level }),
        affectedTargets,
        affectedUsers,
        labels: { ...input.labels },
        occurredAt: input.occurredAt ?? at,
        registeredAt: at,
        ...slaDeadlines(severity, at, settings.sla),
      },
      settings.incidents.prefix,
    );
    this.log.info({ incident: incident.number, channel: incident.channel, severity }, 'incident registered');
    return incident;
  }

  /** The first acknowledgement by a person: stops the attention clock and starts diagnosis. */
  async acknowledge(number: string, input: AcknowledgeInput, at = this.clock.now()): Promise<Incident> {
    return this.mutate(number, input.version, (incident) => {
      requireStatus(incident, 'acknowledge', ['registered', 'diagnosing'], incident.status === 'resolved' ? 'reopen it first' : undefined);
      if (incident.acknowledgedAt !== undefined) {
        throw new NocError('conflict', `incident ${number} was already acknowledged at ${new Date(incident.acknowledgedAt).toISOString()}`, {
          number,
          acknowledgedAt: incident.acknowledgedAt,
        });
      }
      if (input.actor === MONITORING_ACTOR) {
        throw new NocError('bad_request', 'the attention clock stops only when a person acknowledges', { field: 'actor' });
      }
      return {
        patch: { status: 'diagnosing', acknowledgedAt: at },
        change: { at, actor: input.actor, action: 'acknowledged', details: input.note === undefined ? {} : { note: input.note } },
      };
    });
  }

  /** Hands the incident to the next support level, or to a given higher one; never down, never past L3. */
  async escalate(number: string, input: EscalateInput, at = this.clock.now()): Promise<Incident> {
    return this.mutate(number, input.version, (incident) => {
      requireStatus(incident, 'escalate', ['registered', 'diagnosing']);
      const current = SUPPORT_LEVELS.indexOf(incident.level);
      const target = input.level ?? SUPPORT_LEVELS[current + 1];
      if (target === undefined) {
        throw new NocError('conflict', `incident ${number} is already at ${incident.level}, the highest support level`, { level: incident.level });
      }
      if (SUPPORT_LEVELS.indexOf(target) <= current) {
        throw new NocError('conflict', `incident ${number} is already at ${incident.level}: escalation only goes up, not to ${target}`, {
          level: incident.level,
        });
      }
      return {
        patch: { level: target },
        change: { at, actor: input.actor, action: 'escalated', details: { from: incident.level, to: target, ...(input.reason === undefined ? {} : { reason: input.reason }) } },
      };
    });
  }

  /** Resolves an open incident: stops the solution clock (and the attention clock, if nobody had acknowledged). */
  async resolve(number: string, input: ResolveInput, at = this.clock.now()): Promise<Incident> {
    const resolution = requireText(input.resolution, 'resolution', 'resolve');
    return this.mutate(number, input.version, (incident) => {
      requireStatus(incident, 'resolve', ['registered', 'diagnosing']);
      // A person who resolves it has attended it, whether or not they pressed acknowledge first.
      const attends = incident.acknowledgedAt === undefined && input.actor !== MONITORING_ACTOR;
      return {
        patch: { status: 'resolved', resolvedAt: at, resolution, ...(attends ? { acknowledgedAt: at } : {}) },
        change: { at, actor: input.actor, action: 'resolved', details: { resolution, ...(attends ? { acknowledged: true } : {}) } },
      };
    });
  }

  /** Closes a resolved incident with a category (required: the reports group by it). */
  async close(number: string, input: CloseInput, at = this.clock.now()): Promise<Incident> {
    const category = requireText(input.category, 'category', 'close');
    return this.mutate(number, input.version, (incident) => {
      const hint = incident.status === 'closed' ? undefined : 'resolve it first';
      requireStatus(incident, 'close', ['resolved'], hint);
      return {
        patch: { status: 'closed', closedAt: at, category },
        change: { at, actor: input.actor, action: 'closed', details: { category, ...(input.note === undefined ? {} : { note: input.note }) } },
      };
    });
  }

  /** Adds a note to the timeline, in any status (post-mortem notes on closed incidents included). */
  async comment(number: string, input: CommentInput, at = this.clock.now()): Promise<TimelineEntry> {
    const text = requireText(input.text, 'text', 'comment on');
    return this.store.appendTimeline(number, { at, actor: input.actor, action: 'comment', details: { text } });
  }

  /** Reopens a resolved incident before it is closed: back to diagnosing, resolution cleared. */
  async reopen(number: string, input: ReopenInput, at = this.clock.now()): Promise<Incident> {
    return this.mutate(number, input.version, (incident) => {
      const hint = incident.status === 'closed' ? 'a closed incident stays closed; register a new one' : undefined;
      requireStatus(incident, 'reopen', ['resolved'], hint);
      return {
        patch: { status: 'diagnosing', resolvedAt: null, resolution: null },
        change: { at, actor: input.actor, action: 'reopened', details: input.reason === undefined ? {} : { reason: input.reason } },
      };
    });
  }

  /**
   * Read, check, write with the version read. A caller's `version` must match what is stored; without
   * one, a concurrent write is absorbed by reading again (the checks then run on the fresh state).
   */
  private async mutate(number: string, version: number | undefined, mutation: (incident: Incident) => Mutation): Promise<Incident> {
    for (let attempt = 1; ; attempt++) {
      const incident = await this.get(number);
      if (version !== undefined && incident.version !== version) {
        throw new NocError('conflict', `incident ${number} changed since version ${version} (now ${incident.version}); reload it and try again`, {
          version: incident.version,
        });
      }
      const { patch, change } = mutation(incident);
      try {
        return await this.store.update(number, patch, change, incident.version);
      } catch (error) {
        if (version !== undefined || !isVersionConflict(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async open(input: MonitoringIncidentInput, at: number): Promise<Incident> {
    const settings = this.settings();
    const affectedTargets = [...new Set(input.affectedTargets ?? [])];
    const affectedUsers = Math.max(input.affectedUsers ?? 0, usersOfTargets(affectedTargets, settings.targets));
    const severity =
      input.interruption === undefined
        ? input.severity
        : mostSevere(input.severity, severityFromImpact(affectedUsers, input.interruption, settings.sla.severity_matrix));
    const incident = await this.store.create(
      {
        title: input.title,
        description: input.description ?? '',
        severity,
        channel: 'monitoring',
        fingerprint: input.fingerprint,
        registeredBy: MONITORING_ACTOR,
        affectedTargets,
        affectedUsers,
        labels: { ...input.labels },
        occurredAt: input.occurredAt,
        registeredAt: at,
        ...slaDeadlines(severity, at, settings.sla),
      },
      settings.incidents.prefix,
    );
    await this.store.appendTimeline(incident.number, { at, actor: MONITORING_ACTOR, action: 'alert_joined', details: alertDetails(input) });
    this.log.info({ incident: incident.number, fingerprint: input.fingerprint, severity }, 'incident opened');
    return incident;
  }

  private async join(incident: Incident, input: MonitoringIncidentInput, at: number): Promise<Incident> {
    const { patch, details } = joinChange(incident, input, at, this.settings());
    const change = { at, actor: MONITORING_ACTOR, action: 'alert_joined', details };
    if (Object.keys(patch).length === 0) {
      await this.store.appendTimeline(incident.number, change);
      return incident;
    }
    if (patch.severity !== undefined) this.log.info({ incident: incident.number, from: incident.severity, to: patch.severity }, 'incident severity raised');
    return this.store.update(incident.number, patch, change, incident.version);
  }
}
