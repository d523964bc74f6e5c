import type { Config } from '../../config/index.js';
import {
  AutoCloseTicker,
  EvaluationLoop,
  IncidentBridge,
  IncidentService,
  NOTIFICATIONS_STUCK_RULE,
  ObservedIncidentStore,
  RuleEngine,
} from '../../alerter/index.js';
import { createMailSender } from '../../alerter/notifiers/index.js';
import { nodeCronScheduler } from '../../collector/probes/ssllabs/cron-scheduler.js';
import { IncidentSnapshotter } from '../../forensics/index.js';
import { MonthlyReportJob } from '../../sla/index.js';
import { publishAlertEvents, publishIncident } from '../live-taps.js';
import { NotificationPipeline } from '../notification-pipeline.js';
import type { NocContext } from './noc-context.js';

/** The configured rules, plus the self-alert on stuck notifications when there are channels to watch. */
export function rulesOf(config: Config): Config['rules'] {
  return config.notifications.channels.length === 0 ? config.rules : [...config.rules, NOTIFICATIONS_STUCK_RULE];
}

/** The alerter of one term of leadership: running from `startAlerterParts` until `stop`. */
export interface AlerterParts {
  readonly engine: RuleEngine;
  readonly notifications: NotificationPipeline;
  /** Applies a reloaded configuration (rules, channels, report schedule). */
  apply(next: Config): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds and starts the alerter: the rule engine (its pending and firing states read back from the
 * alert-state store first), the evaluation loop, the incident bridge, notifications with escalation,
 * auto-close, the monthly report job and the forensic snapshots of new incidents.
 */
export async function startAlerterParts(context: NocContext): Promise<AlerterParts> {
  const { stores, store, clock, log, feed } = context;
  const alertLog = log.child({ component: 'alerter' });
  const engine = new RuleEngine({
    querier: store.querier,
    appender: store.appender,
    states: stores.alertStates,
    log: alertLog,
    dependencies: () => ({ targets: context.config().targets, holdEvaluations: context.config().incidents.dependency_hold }),
  });
  await engine.restore();

  const maintenanceLookup = (from: number, to: number) => context.maintenance.occurrencesBetween(from, to);
  const alertSeverity = (alertname: string) => context.config().rules.find((rule) => rule.name === alertname)?.severity;
  // Forensic snapshots sit beside the incidents they explain and outlive the raw samples they came from.
  const snapshotter = new IncidentSnapshotter({
    sources: { series: store.querier, incidents: stores.incidents, maintenance: maintenanceLookup },
    store: stores.snapshots,
    clock,
    log: log.child({ component: 'forensics' }),
    options: { timeline: { alertSeverity } },
  });
  const incidentStore = new ObservedIncidentStore(stores.incidents, (incident) => {
    publishIncident(incident, feed, clock);
    // Version 1 is the creation: the alerter has just opened it. Runs in the background, one at a time.
    if (incident.channel === 'monitoring' && incident.version === 1) snapshotter.schedule(incident);
  });
  const incidents = new IncidentService(incidentStore, context.config, clock, log);
  const autoClose = new AutoCloseTicker(incidents, 60_000, log.child({ component: 'incidents' }));
  const mute = (at: number) => context.muting.snapshot(at);
  const bridge = new IncidentBridge({ incidents, alerts: engine, mute, log: alertLog });
  const notifications = new NotificationPipeline({
    outbox: stores.outbox,
    groups: stores.notificationGroups,
    processedMail: stores.processedMail,
    config: context.config,
    incidents,
    incidentStore,
    alerts: () => engine.active(),
    mute,
    appender: store.appender,
    clock,
    log,
  });
  const loop = new EvaluationLoop(engine, clock, alertLog, async (events) => {
    for (const event of events) alertLog.info({ rule: event.rule, labels: event.labels, value: event.value }, `alert ${event.change}`);
    publishAlertEvents(events, feed);
    await bridge.handle(events);
  });
  const reportLog = log.child({ component: 'reports' });
  const reportJob = new MonthlyReportJob({
    reports: context.reports,
    settings: () => {
      const { sla } = context.config();
      return { ...(sla.reports.monthly === undefined ? {} : { monthly: sla.reports.monthly }), timeZone: sla.timezone };
    },
    mailer: (name) => {
      const channel = context.config().notifications.channels.find((candidate) => candidate.name === name);
      return channel?.kind === 'email' ? createMailSender(channel) : undefined;
    },
    scheduler: nodeCronScheduler(reportLog),
    clock,
    log: reportLog,
    state: stores.probeState,
  });

  try {
    await notifications.start();
  } catch (error) {
    // The parts already running (delivery, dispatch) must stop before the stores close under them.
    await notifications.stop();
    await snapshotter.stop();
    throw error;
  }
  autoClose.start();
  void reportJob.apply().catch((error: unknown) => log.error({ err: error }, 'monthly reports could not be scheduled'));
  loop.apply(rulesOf(context.config()));
  return {
    engine,
    notifications,
    apply: async (next) => {
      loop.apply(rulesOf(next));
      void reportJob.apply().catch((error: unknown) => log.error({ err: error }, 'monthly reports could not be scheduled'));
      await notifications.apply(next);
    },
    // In order, and every part even when one fails, so nothing keeps sending after leadership is lost.
    stop: async () => {
      const steps = [() => autoClose.stop(), () => reportJob.stop(), () => loop.stop(), () => snapshotter.stop(), () => notifications.stop()];
      let failure: unknown;
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    },
  };
}
