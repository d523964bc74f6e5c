import {
  type ActiveAlert,
  DeliveryWorker,
  EscalationTicker,
  Heartbeat,
  InboundMailServer,
  type IncidentService,
  isBusinessHours,
  MailToIncident,
  NotificationDispatcher,
  type MuteSnapshot,
  onCallAt,
  type OutboxStatsSnapshot,
  recordNotificationHealth,
  resolveBusinessHours,
  type ResolvedReceiver,
} from '../alerter/index.js';
import { createNotifier } from '../alerter/notifiers/index.js';
import type { AlertSummary, Notifier } from '../alerter/notifiers/notification.js';
import { routingLabels } from '../alerter/routing/incident-notice.js';
import { RouteTable } from '../alerter/routing/route-table.js';
import type { Config, EscalationPolicy, LevelReceiver } from '../config/index.js';
import {
  type Clock,
  type Incident,
  type IncidentStore,
  type Logger,
  type NotificationGroupStore,
  type OutboxMessage,
  type OutboxStore,
  PeriodicTask,
  type ProcessedMailLog,
  type SampleAppender,
} from '../core/index.js';

/** How often open incidents are looked at for notices and escalations. */
const DISPATCH_INTERVAL_MS = 1_000;
const ESCALATION_INTERVAL_MS = 15_000;
/** How often the outbox figures are written as the NOC's own series (the self-alert reads them). */
const HEALTH_INTERVAL_MS = 15_000;
const NOTIFICATION_ACTOR = 'notifications';

/** What the pipeline reads from the rest of the process. */
export interface NotificationPipelineDeps {
  /** Where notices wait for delivery, and the groups they were batched in. */
  readonly outbox: OutboxStore;
  readonly groups: NotificationGroupStore;
  /** Inbound messages already turned into incidents, so a redelivered one is not registered twice. */
  readonly processedMail: ProcessedMailLog;
  readonly config: () => Config;
  readonly incidents: IncidentService;
  readonly incidentStore: IncidentStore;
  readonly alerts: () => readonly ActiveAlert[];
  readonly mute: (at: number) => Promise<MuteSnapshot>;
  readonly appender: SampleAppender;
  readonly clock: Clock;
  readonly log: Logger;
}

/** The firing alerts of one incident, as a notice lists them. */
function alertsOf(alerts: readonly ActiveAlert[], incident: string): AlertSummary[] {
  return alerts
    .filter((alert) => alert.incident === incident && alert.status === 'firing')
    .map((alert) => ({ labels: alert.labels, annotations: {}, state: 'firing' as const, since: alert.since, ...(alert.value === undefined ? {} : { value: alert.value }) }));
}

/** The incident a stored message is about, if it is an incident notice. */
function incidentOf(message: OutboxMessage): string | undefined {
  const notification = message.payload['notification'] as { type?: string; incident?: { number?: string }; event?: string } | undefined;
  return notification?.type === 'incident' ? notification.incident?.number : undefined;
}

/**
 * Notifications end to end: the dispatcher turns incidents into queued notices, the delivery worker sends
 * them through the configured channels, the escalation ticker moves unattended incidents up, the
 * heartbeat proves the path alive, inbound e-mail registers reports, and the outbox figures become the
 * NOC's own series. Channels are rebuilt on a config reload.
 */
export class NotificationPipeline {
  readonly outbox: OutboxStore;
  readonly worker: DeliveryWorker;
  private notifiers = new Map<string, Notifier>();
  private readonly dispatcher: PeriodicTask;
  private readonly escalation: EscalationTicker;
  private readonly health: PeriodicTask;
  private heartbeat: Heartbeat | undefined;
  private inbound: InboundMailServer | undefined;
  private readonly log: Logger;

  constructor(private readonly deps: NotificationPipelineDeps) {
    this.log = deps.log.child({ component: 'notifications' });
    this.outbox = deps.outbox;
    this.notifiers = this.buildNotifiers(deps.config());
    this.worker = new DeliveryWorker({
      outbox: this.outbox,
      notifierFor: (channel) => this.notifiers.get(channel),
      clock: deps.clock,
      log: this.log,
      settings: () => deps.config().notifications.outbox,
      observer: {
        sent: (message, at) => this.note(message, at, 'notification_sent', {}),
        failed: (message, error, retryAt, at) =>
          this.note(message, at, retryAt === undefined ? 'notification_dead' : 'notification_failed', {
            error: error.message,
            ...(retryAt === undefined ? {} : { retryAt: new Date(retryAt).toISOString() }),
          }),
      },
    });
    const dispatcher = new NotificationDispatcher({
      incidents: deps.incidentStore,
      alertsOf: (incident) => alertsOf(deps.alerts(), incident),
      outbox: this.outbox,
      groups: deps.groups,
      settings: () => this.routingSettings(),
      resolveReceiver: (receiver, at) => this.resolveReceiver(receiver, at),
      businessHours: (at) => this.businessHours(at),
      mute: deps.mute,
      wake: () => this.worker.wake(),
      clock: deps.clock,
      log: deps.log,
    });
    this.dispatcher = new PeriodicTask('notification dispatch', DISPATCH_INTERVAL_MS, () => dispatcher.tick(), this.log);
    this.escalation = new EscalationTicker({
      incidents: deps.incidents,
      policyFor: (incident) => this.policyFor(incident),
      clock: deps.clock,
      log: deps.log,
      intervalMs: ESCALATION_INTERVAL_MS,
    });
    this.health = new PeriodicTask(
      'notification health',
      HEALTH_INTERVAL_MS,
      () => recordNotificationHealth(deps.appender, () => this.figures(), deps.clock.now()),
      this.log,
    );
  }

  /** The outbox figures now (for metrics and the self-alert). */
  async figures(): Promise<OutboxStatsSnapshot> {
    return this.worker.stats.snapshot(this.deps.clock.now());
  }

  /** Starts every part the configuration asks for; resolves once the inbound listener (if any) listens. */
  async start(): Promise<void> {
    this.worker.start();
    this.dispatcher.start();
    this.escalation.start();
    this.health.start();
    this.startHeartbeat(this.deps.config());
    const inbound = this.deps.config().notifications.inbound_email;
    if (inbound !== undefined) {
      const config = this.deps.config();
      this.inbound = new InboundMailServer({
        config: inbound,
        intake: new MailToIncident({
          incidents: this.deps.incidents,
          processed: this.deps.processedMail,
          outbox: this.outbox,
          prefix: config.incidents.prefix,
          defaultSeverity: inbound.default_severity,
          ...(inbound.reply_channel === undefined ? {} : { replyChannel: inbound.reply_channel }),
          wake: () => this.worker.wake(),
          log: this.deps.log,
        }),
        clock: this.deps.clock,
        log: this.deps.log,
      });
      await this.inbound.start();
    }
  }

  /** Applies a reloaded configuration: new channels and heartbeat; routes and policies are read per pass. */
  async apply(next: Config): Promise<void> {
    const previous = this.notifiers;
    this.notifiers = this.buildNotifiers(next);
    await this.heartbeat?.stop();
    this.startHeartbeat(next);
    if (JSON.stringify(next.notifications.inbound_email) !== JSON.stringify(this.deps.config().notifications.inbound_email)) {
      this.log.warn('inbound e-mail settings changed: they take effect at the next restart');
    }
    await Promise.all([...previous.values()].map((notifier) => notifier.close?.()));
  }

  /** Stops intake first, then the timers, then delivery (waiting for sends in flight). */
  async stop(): Promise<void> {
    await this.inbound?.stop();
    await this.heartbeat?.stop();
    await Promise.all([this.dispatcher.stop(), this.escalation.stop(), this.health.stop()]);
    await this.worker.stop();
    await Promise.all([...this.notifiers.values()].map((notifier) => notifier.close?.()));
  }

  private buildNotifiers(config: Config): Map<string, Notifier> {
    return new Map(config.notifications.channels.map((channel) => [channel.name, createNotifier(channel, { log: this.log, clock: this.deps.clock })]));
  }

  private startHeartbeat(config: Config): void {
    const settings = config.notifications.heartbeat;
    this.heartbeat = undefined;
    if (settings === undefined) return;
    this.heartbeat = new Heartbeat({ outbox: this.outbox, clock: this.deps.clock, log: this.log, settings: () => settings, wake: () => this.worker.wake() });
    this.heartbeat.start();
  }

  private routingSettings() {
    const config = this.deps.config();
    const ruleChannels = new Map<string, readonly LevelReceiver[]>();
    for (const rule of config.rules) if (rule.channels !== undefined) ruleChannels.set(rule.name, rule.channels);
    return { routes: config.notifications.routes, ruleChannels, ...(config.server.public_url === undefined ? {} : { dashboardUrl: config.server.public_url }) };
  }

  /** A plain channel as it is; `{channel, on_call}` to the e-mail address of whoever is on call now. */
  private resolveReceiver(receiver: LevelReceiver, at: number): ResolvedReceiver | undefined {
    if (typeof receiver === 'string') return { channel: receiver };
    const config = this.deps.config();
    const schedule = config.notifications.schedules.find((s) => s.name === receiver.on_call);
    const channel = config.notifications.channels.find((c) => c.name === receiver.channel);
    if (schedule === undefined || channel === undefined) return undefined;
    const member = onCallAt(schedule, at, config.sla.timezone);
    if (channel.kind !== 'email') return { channel: channel.name };
    if (member.email === undefined) {
      this.log.warn({ schedule: schedule.name, member: member.name }, 'the person on call has no e-mail address: the channel\'s own recipients get the notice');
      return { channel: channel.name };
    }
    return { channel: channel.name, to: [member.email] };
  }

  private businessHours(at: number): boolean {
    const config = this.deps.config();
    return isBusinessHours(resolveBusinessHours(config.notifications.business_hours, config.sla.calendars), config.sla.timezone, at);
  }

  /** The escalation policy of the first route the incident takes that has one, else the default. */
  private policyFor(incident: Incident): EscalationPolicy {
    const config = this.deps.config();
    const settings = this.routingSettings();
    const alerts = alertsOf(this.deps.alerts(), incident.number);
    const rules = new Set(alerts.map((alert) => alert.labels.alertname ?? ''));
    const routes = new RouteTable(settings).match(routingLabels(incident, alerts), rules, this.businessHours(this.deps.clock.now()));
    return routes.find((keyed) => keyed.route.escalation !== undefined)?.route.escalation ?? config.notifications.escalation;
  }

  /** Delivery status on the incident's timeline. */
  private async note(message: OutboxMessage, at: number, action: string, details: Record<string, unknown>): Promise<void> {
    const incident = incidentOf(message);
    if (incident === undefined) return;
    const event = (message.payload['notification'] as { event?: string }).event;
    await this.deps.incidentStore.appendTimeline(incident, {
      at,
      actor: NOTIFICATION_ACTOR,
      action,
      details: { channel: message.channel, event, attempts: message.attempts, ...details },
    });
  }
}
