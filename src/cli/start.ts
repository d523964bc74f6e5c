import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, formatConfigIssue, loadConfigFile, splitHostPort } from '../config/index.js';
import { ProbeScheduler } from '../collector/index.js';
import { PROBE_FACTORIES } from '../collector/probes/index.js';
import { type Clock, type Logger, NocError, systemClock } from '../core/index.js';
import { IncidentSnapshotter } from '../forensics/index.js';
import { MonthlyReportJob, MonthlyReports } from '../sla/index.js';
import { createMailSender } from '../alerter/notifiers/index.js';
import { nodeCronScheduler } from '../collector/probes/ssllabs/cron-scheduler.js';
import {
  AutoCloseTicker,
  EvaluationLoop,
  IncidentBridge,
  IncidentService,
  MaintenanceCalendar,
  Muting,
  NOTIFICATIONS_STUCK_RULE,
  ObservedIncidentStore,
  RuleEngine,
} from '../alerter/index.js';
import {
  type AuthSettings,
  createDashboardApp,
  createMetrics,
  listen,
  registerCollectorMetrics,
  registerNotificationMetrics,
  registerStoreMetrics,
  registerStreamMetrics,
} from '../dashboard/index.js';
import { authSettingsFromConfig } from '../dashboard/auth.js';
import { DashboardSecurity, seedUsers } from '../dashboard/security/index.js';
import { webRoutes } from '../dashboard/web-routes.js';
import { attachStream, LiveFeed } from '../dashboard/stream/index.js';
import { liveAppender, publishAlertEvents, publishIncident, targetTap } from './live-taps.js';
import { ConfigReloader } from './config-reloader.js';
import { NotificationPipeline } from './notification-pipeline.js';
import { openIncidentStores } from './open-incident-stores.js';
import { openStore } from './open-store.js';

/** The demo configuration shipped with the package: it monitors the lab network. */
export const DEMO_CONFIG = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/lab.yaml');

/** Which file `noc start` uses, whether the lab starts with it, and what to tell the user. */
export function chooseConfigFile(explicit: string | undefined, cwd: string, labNet: string): { file: string; notice: string; lab: boolean } {
  if (explicit !== undefined) return { file: explicit, notice: `noc: starting with ${explicit}`, lab: false };
  const local = resolve(cwd, 'noc.yaml');
  if (existsSync(local)) return { file: local, notice: `noc: starting with ./noc.yaml`, lab: false };
  return {
    file: DEMO_CONFIG,
    notice: `noc: no --config and no ./noc.yaml: starting the lab network on ${labNet}.0/24 and the bundled demo config that monitors it (${DEMO_CONFIG})`,
    lab: true,
  };
}

/** A started NOC process. */
export interface RunningNoc {
  readonly url: string;
  readonly reloader: ConfigReloader;
  /** Graceful stop: stops the server, then flushes and closes the store. */
  stop(): Promise<void>;
}

/** The configured rules, plus the self-alert on stuck notifications when there are channels to watch. */
function rulesOf(config: Config): Config['rules'] {
  return config.notifications.channels.length === 0 ? config.rules : [...config.rules, NOTIFICATIONS_STUCK_RULE];
}

function authSettings(config: Config, log: Logger): AuthSettings {
  const settings = authSettingsFromConfig(config.server.auth);
  if (settings.anonymousRole !== undefined) {
    log.warn({ listen: config.server.listen }, 'no API tokens configured: the read-only API is open to anyone who can reach the server');
  }
  return settings;
}

/** Starts everything the configuration asks for. Throws NocError('invalid_config') for a bad file. */
export async function startNoc(options: {
  file: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  clock?: Clock;
  /** Base of a relative store path (default: the working directory). */
  cwd?: string;
}): Promise<RunningNoc> {
  const clock = options.clock ?? systemClock;
  const loaded = loadConfigFile(options.file, { env: options.env });
  if (!loaded.ok) {
    throw new NocError('invalid_config', `invalid configuration ${options.file}`, { errors: loaded.issues.map(formatConfigIssue) });
  }
  const config = loaded.config;
  // A relative store path is taken from the working directory, as Prometheus takes its storage path:
  // the bundled demo config then keeps its data in ./data of wherever `noc start` runs.
  const store = openStore(config.store, { clock, log: options.log, baseDir: options.cwd ?? process.cwd() });
  let stores;
  try {
    stores = await openIncidentStores(config.incidents, { clock, baseDir: options.cwd ?? process.cwd(), ...(store.database ? { embedded: store.database } : {}) });
  } catch (error) {
    await store.close();
    throw error;
  }
  const metrics = createMetrics();
  registerStoreMetrics(metrics.registry, store.health);
  const reloader = new ConfigReloader(options.file, config, options.env, metrics, options.log.child({ component: 'config' }), () => clock.now());

  // Everything the dashboard shows live goes through one feed; publishing is free while nobody watches.
  const feed = new LiveFeed((error) => options.log.warn({ err: error }, 'a live stream listener failed'));
  const collector = new ProbeScheduler(config, {
    appender: liveAppender(store.appender, feed),
    clock,
    log: options.log,
    // Probe state (last SSL Labs grades…) survives restarts beside the incidents.
    state: stores.probeState,
    factories: PROBE_FACTORIES,
  });
  registerCollectorMetrics(metrics.registry, () => collector.stats());

  const alertLog = options.log.child({ component: 'alerter' });
  const engine = new RuleEngine({
    querier: store.querier,
    appender: store.appender,
    states: stores.alertStates,
    log: alertLog,
    dependencies: () => ({ targets: reloader.current.targets, holdEvaluations: reloader.current.incidents.dependency_hold }),
  });
  await engine.restore();
  let auth = authSettings(config, options.log);
  const security = new DashboardSecurity({
    auth: () => auth,
    users: stores.users,
    clock,
    log: options.log.child({ component: 'auth' }),
    https: config.server.tls !== undefined || config.server.public_url?.startsWith('https:') === true,
    ...(config.server.public_url === undefined ? {} : { publicUrl: config.server.public_url }),
  });
  await seedUsers(security.users, config.server.auth.users, security.hasher, options.log);
  reloader.onChange((next, previous) => {
    auth = authSettings(next, options.log);
    seedUsers(security.users, next.server.auth.users, security.hasher, options.log).catch((error: unknown) =>
      options.log.error({ err: error }, 'users of the reloaded config could not be stored'),
    );
    collector.apply(next);
    alerter.apply(rulesOf(next));
    notifications.apply(next).catch((error: unknown) => options.log.error({ err: error }, 'notification channels could not be rebuilt'));
    void reportJob.apply();
    if (JSON.stringify(next.store) !== JSON.stringify(previous.store)) {
      options.log.warn('store settings changed: they take effect at the next restart');
    }
  });

  // Silences and API maintenance windows are stored; config windows apply regardless.
  const maintenance = new MaintenanceCalendar({
    // Read per call, so a reload's windows and time zone apply at once.
    config: () => ({ windows: reloader.current.maintenance, timeZone: reloader.current.sla.timezone }),
    store: stores.silences,
    log: options.log.child({ component: 'maintenance' }),
  });

  const maintenanceLookup = (from: number, to: number) => maintenance.occurrencesBetween(from, to);
  const alertSeverity = (alertname: string) => reloader.current.rules.find((rule) => rule.name === alertname)?.severity;
  // Forensic snapshots sit beside the incidents they explain and outlive the raw samples they came from.
  const snapshotter = new IncidentSnapshotter({
    sources: { series: store.querier, incidents: stores.incidents, maintenance: maintenanceLookup },
    store: stores.snapshots,
    clock,
    log: options.log.child({ component: 'forensics' }),
    options: { timeline: { alertSeverity } },
  });
  const incidentStore = new ObservedIncidentStore(stores.incidents, (incident) => {
    publishIncident(incident, feed, clock);
    // Version 1 is the creation: the alerter has just opened it. Runs in the background, one at a time.
    if (incident.channel === 'monitoring' && incident.version === 1) snapshotter.schedule(incident);
  });
  const incidents = new IncidentService(incidentStore, () => reloader.current, clock, options.log);
  const autoClose = new AutoCloseTicker(incidents, 60_000, options.log.child({ component: 'incidents' }));

  const muting = new Muting({ calendar: maintenance, silences: stores.silences });
  const bridge = new IncidentBridge({ incidents, alerts: engine, mute: (at) => muting.snapshot(at), log: alertLog });
  const notifications = new NotificationPipeline({
    outbox: stores.outbox,
    groups: stores.notificationGroups,
    processedMail: stores.processedMail,
    config: () => reloader.current,
    incidents,
    incidentStore,
    alerts: () => engine.active(),
    mute: (at) => muting.snapshot(at),
    appender: store.appender,
    clock,
    log: options.log,
  });
  registerNotificationMetrics(metrics.registry, () => notifications.figures());
  const alerter = new EvaluationLoop(engine, clock, alertLog, async (events) => {
    for (const event of events) alertLog.info({ rule: event.rule, labels: event.labels, value: event.value }, `alert ${event.change}`);
    publishAlertEvents(events, feed);
    await bridge.handle(events);
  });

  const reports = new MonthlyReports({
    config: () => reloader.current,
    querier: store.querier,
    incidents: stores.incidents,
    maintenance: (from, to) => maintenance.windowsBetween(from, to),
    clock,
  });
  const reportLog = options.log.child({ component: 'reports' });
  const reportJob = new MonthlyReportJob({
    reports,
    settings: () => ({ ...(reloader.current.sla.reports.monthly === undefined ? {} : { monthly: reloader.current.sla.reports.monthly }), timeZone: reloader.current.sla.timezone }),
    mailer: (name) => {
      const channel = reloader.current.notifications.channels.find((candidate) => candidate.name === name);
      return channel?.kind === 'email' ? createMailSender(channel) : undefined;
    },
    scheduler: nodeCronScheduler(reportLog),
    clock,
    log: reportLog,
    state: stores.probeState,
  });

  const app = createDashboardApp({
    querier: store.querier,
    storeHealth: store.health,
    targets: collector,
    incidents,
    outbox: notifications.outbox,
    forensics: { maintenance: maintenanceLookup, alertSeverity, snapshots: stores.snapshots },
    reports: { builder: reports, timeZone: () => reloader.current.sla.timezone },
    alerts: engine,
    mute: (at) => muting.snapshot(at),
    silences: { store: stores.silences, calendar: maintenance, targetIds: () => reloader.current.targets.map((t) => t.id) },
    registry: metrics.registry,
    auth: () => auth,
    security,
    webApp: webRoutes(),
    reload: (by) => reloader.reload(by),
    clock,
    log: options.log,
  });
  const stream = attachStream({
    feed,
    authenticate: (req) => security.authenticateUpgrade(req),
    sameOrigin: (req) => security.isSameOrigin(req),
    clock,
    log: options.log.child({ component: 'stream' }),
  });
  registerStreamMetrics(metrics.registry, () => stream.stats());
  const targetsLive = targetTap(collector, feed, options.log);
  const address = splitHostPort(config.server.listen) as { host: string; port: number };
  let server;
  try {
    server = await listen(app, address, config.server.tls, stream);
  } catch (error) {
    await stores.close();
    await store.close();
    throw error;
  }
  options.log.info({ url: server.url }, 'noc listening');
  try {
    await notifications.start();
  } catch (error) {
    // The parts already running (delivery, dispatch) must stop before the store closes under them.
    await notifications.stop();
    await server.close();
    await stores.close();
    await store.close();
    throw error;
  }
  collector.start();
  targetsLive.start();
  autoClose.start();
  void reportJob.apply();
  alerter.apply(rulesOf(config));
  return {
    url: server.url,
    reloader,
    stop: async () => {
      await collector.stop();
      await targetsLive.stop();
      await autoClose.stop();
      reportJob.stop();
      await alerter.stop();
      await snapshotter.stop();
      await notifications.stop();
      await server.close();
      await stores.close();
      await store.close();
      options.log.info('noc stopped');
    },
  };
}
