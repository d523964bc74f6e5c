import {
  type Clock,
  type Incident,
  type IncidentStore,
  type Logger,
  type NotificationGroup,
  type NotificationGroupStore,
  type OutboxStore,
  SUPPORT_LEVELS,
  type SupportLevel,
} from '../../core/index.js';
import type { LevelReceiver } from '../../config/index.js';
import type { AlertSummary, IncidentEvent, OutgoingMessage } from '../notifiers/notification.js';
import { outboxEntry } from '../outbox/outbox-entry.js';
import type { MuteSnapshot } from '../silences/muting.js';
import { incidentNotice, noticeDigest, routingLabels } from './incident-notice.js';
import { type KeyedRoute, RouteTable, type RoutingSettings } from './route-table.js';

/** A receiver resolved for one instant: the channel to send through and, for an on-call person, to whom. */
export interface ResolvedReceiver {
  readonly channel: string;
  readonly to?: readonly string[];
}

/** What the dispatcher reads and writes; each a narrow port. */
export interface DispatcherDeps {
  readonly incidents: Pick<IncidentStore, 'list' | 'get'>;
  /** The alerts of an incident now (firing ones from the rule engine). */
  readonly alertsOf: (incident: string) => readonly AlertSummary[];
  readonly outbox: Pick<OutboxStore, 'enqueue'>;
  readonly groups: NotificationGroupStore;
  readonly settings: () => RoutingSettings & { readonly dashboardUrl?: string };
  /** Turns a level receiver into a channel (and, for `on_call`, the person on call at `at`). */
  readonly resolveReceiver: (receiver: LevelReceiver, at: number) => ResolvedReceiver | undefined;
  readonly businessHours: (at: number) => boolean;
  readonly mute?: (at: number) => Promise<MuteSnapshot>;
  /** Called after messages were queued, so delivery starts at once. */
  readonly wake?: () => void;
  readonly clock: Clock;
  readonly log: Logger;
}

/** What to send for one group now, if anything. */
interface Decision {
  readonly event: IncidentEvent;
  /** The levels whose receivers get it. */
  readonly levels: readonly SupportLevel[];
}

const OPEN_STATUSES = ['registered', 'diagnosing', 'resolved'] as const;

function levelIndex(level: SupportLevel | undefined): number {
  return level === undefined ? -1 : SUPPORT_LEVELS.indexOf(level);
}

/** Levels from `from` (exclusive) up to `to` (inclusive). */
function levelsBetween(from: SupportLevel | undefined, to: SupportLevel): SupportLevel[] {
  return SUPPORT_LEVELS.slice(levelIndex(from) + 1, levelIndex(to) + 1);
}

function higher(a: SupportLevel | undefined, b: SupportLevel): SupportLevel {
  return levelIndex(a) > levelIndex(b) ? (a as SupportLevel) : b;
}

function groupId(incident: string, route: string): string {
  return `${incident}\u0000${route}`;
}

/**
 * Decides which incident notices go out, Alertmanager-style with the incident as the group: the first
 * after the route's `group_wait` (so a storm's alerts arrive as one digest), updates at most every
 * `group_interval`, repeats every `repeat_interval` while nobody acknowledges, escalations at once to the
 * new level's receivers, resolved/closed notices where the route asks. It only queues messages in the
 * durable outbox; the delivery worker sends them. Every decision is persisted as a notification group,
 * so a restart neither repeats nor forgets; a queued message's idempotency key is derived from the group,
 * so a decision repeated after a crash between queueing and saving is deduplicated by the outbox.
 */
export class NotificationDispatcher {
  private groups: Map<string, NotificationGroup> | undefined;
  private readonly log: Logger;

  constructor(private readonly deps: DispatcherDeps) {
    this.log = deps.log.child({ component: 'notifications' });
  }

  /** One pass over open incidents and known groups. */
  async tick(at = this.deps.clock.now()): Promise<void> {
    const groups = await this.loadGroups();
    const settings = this.deps.settings();
    const table = new RouteTable(settings);
    const snapshot = await this.deps.mute?.(at);
    const open = await this.deps.incidents.list({ status: OPEN_STATUSES });
    const seen = new Set<string>();
    for (const incident of open) {
      seen.add(incident.number);
      try {
        await this.dispatch(incident, table, snapshot, at, settings.dashboardUrl);
      } catch (error) {
        this.log.error({ err: error, incident: incident.number }, 'could not queue the notifications of an incident');
      }
    }
    const gone = new Set([...groups.values()].map((group) => group.incident).filter((number) => !seen.has(number)));
    for (const number of gone) {
      try {
        await this.finish(number, table, at, settings.dashboardUrl);
      } catch (error) {
        this.log.error({ err: error, incident: number }, 'could not queue the closing notifications of an incident');
      }
    }
  }

  private async loadGroups(): Promise<Map<string, NotificationGroup>> {
    if (this.groups === undefined) {
      const loaded = await this.deps.groups.loadAll();
      this.groups = new Map(loaded.map((group) => [groupId(group.incident, group.route), group]));
    }
    return this.groups;
  }

  private groupsOf(incident: string): NotificationGroup[] {
    return [...(this.groups?.values() ?? [])].filter((group) => group.incident === incident);
  }

  private async dispatch(incident: Incident, table: RouteTable, snapshot: MuteSnapshot | undefined, at: number, baseUrl?: string): Promise<void> {
    const alerts = this.deps.alertsOf(incident.number);
    const labels = routingLabels(incident, alerts);
    // Silences and maintenance mute notices too; the group keeps its state, so the news goes out once unmuted.
    if (snapshot?.check(labels).muted === true) return;
    const rules = new Set(alerts.filter((alert) => alert.state === 'firing').map((alert) => alert.labels.alertname ?? ''));
    rules.delete('');
    const routes = new Map(table.match(labels, rules, this.deps.businessHours(at)).map((keyed) => [keyed.key, keyed]));
    // A route that took the incident keeps it to the end, even when its alerts (and so its labels) change.
    for (const group of this.groupsOf(incident.number)) {
      const keyed = table.get(group.route);
      if (keyed !== undefined) routes.set(keyed.key, keyed);
    }
    const digest = noticeDigest(incident, alerts);
    for (const keyed of routes.values()) {
      const group = this.groups?.get(groupId(incident.number, keyed.key)) ?? { incident: incident.number, route: keyed.key, sent: 0 };
      const decision = decide(group, incident, digest, keyed, at);
      if (decision === undefined) continue;
      await this.send(group, decision, incident, alerts, keyed, at, baseUrl);
      await this.save({
        ...group,
        sent: group.sent + 1,
        lastSentAt: at,
        digest,
        level: higher(group.level, incident.level),
        status: incident.status,
      });
    }
  }

  /** An incident no longer open: a closed notice where asked, then its groups are forgotten. */
  private async finish(number: string, table: RouteTable, at: number, baseUrl?: string): Promise<void> {
    const incident = await this.deps.incidents.get(number);
    if (incident?.status === 'closed') {
      for (const group of this.groupsOf(number)) {
        const keyed = table.get(group.route);
        if (keyed === undefined || !keyed.route.send_closed || group.lastSentAt === undefined) continue;
        await this.send(group, { event: 'closed', levels: levelsBetween(undefined, group.level ?? 'L1') }, incident, [], keyed, at, baseUrl);
      }
    }
    await this.deps.groups.removeIncident(number);
    for (const group of this.groupsOf(number)) this.groups?.delete(groupId(group.incident, group.route));
  }

  private async send(
    group: NotificationGroup,
    decision: Decision,
    incident: Incident,
    alerts: readonly AlertSummary[],
    keyed: KeyedRoute,
    at: number,
    baseUrl?: string,
  ): Promise<void> {
    const notification = incidentNotice(decision.event, incident, alerts, baseUrl);
    const seq = group.sent + 1;
    let queued = 0;
    for (const level of decision.levels) {
      for (const receiver of keyed.route.channels[level]) {
        const resolved = this.deps.resolveReceiver(receiver, at);
        if (resolved === undefined) {
          this.log.warn({ incident: incident.number, route: keyed.key, level, receiver }, 'a receiver of the route resolves to no channel now: skipped');
          continue;
        }
        const message: OutgoingMessage = {
          idempotencyKey: `incident/${incident.number}/${keyed.key}/${seq}/${level}/${resolved.channel}${resolved.to === undefined ? '' : `/${resolved.to.join(',')}`}`,
          notification,
          ...(resolved.to === undefined ? {} : { to: resolved.to }),
        };
        await this.deps.outbox.enqueue(outboxEntry(resolved.channel, message, at));
        queued++;
      }
    }
    this.log.info({ incident: incident.number, route: keyed.key, event: decision.event, levels: decision.levels, messages: queued }, 'notification queued');
    if (queued > 0) this.deps.wake?.();
  }

  private async save(group: NotificationGroup): Promise<void> {
    await this.deps.groups.save(group);
    this.groups?.set(groupId(group.incident, group.route), group);
  }
}

/** What a group should send now about `incident`, given what it sent last. */
function decide(group: NotificationGroup, incident: Incident, digest: string, keyed: KeyedRoute, at: number): Decision | undefined {
  const { route } = keyed;
  if (group.lastSentAt === undefined) {
    // Nothing was said yet: an incident that cleared within group_wait needs no notice at all. The wait
    // counts from registration, so a route the incident takes later (its severity rose) is told at once.
    if (incident.status === 'resolved' || at < incident.registeredAt + route.group_wait) return undefined;
    return { event: 'opened', levels: levelsBetween(undefined, incident.level) };
  }
  const told = group.level ?? 'L1';
  if (levelIndex(incident.level) > levelIndex(told)) {
    // Escalation does not wait for group_interval: the new level must hear now.
    return { event: 'escalated', levels: levelsBetween(told, incident.level) };
  }
  const everyone = levelsBetween(undefined, told);
  if (digest === group.digest) {
    const unacknowledged = incident.status === 'registered';
    return unacknowledged && at >= group.lastSentAt + route.repeat_interval ? { event: 'repeat', levels: everyone } : undefined;
  }
  if (at < group.lastSentAt + route.group_interval) return undefined;
  if (incident.status === 'resolved') {
    if (group.status === 'resolved') return undefined;
    return route.send_resolved ? { event: 'resolved', levels: everyone } : undefined;
  }
  return { event: 'updated', levels: everyone };
}
