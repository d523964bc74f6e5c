import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, formatConfigIssue, loadConfigFile, type ShardConfig, splitHostPort } from '../config/index.js';
import { ProbeScheduler } from '../collector/index.js';
import { PROBE_FACTORIES } from '../collector/probes/index.js';
import { shardedConfig } from '../collector/shard.js';
import { type Clock, type Logger, NocError, systemClock } from '../core/index.js';
import { MonthlyReports } from '../sla/index.js';
import { MaintenanceCalendar, Muting } from '../alerter/index.js';
import { createMetrics, listen, registerCollectorMetrics, registerNotificationMetrics, registerStoreMetrics, type RunningServer } from '../dashboard/index.js';
import { LiveFeed } from '../dashboard/stream/index.js';
import { liveAppender } from './live-taps.js';
import { ConfigReloader } from './config-reloader.js';
import { openIncidentStores } from './open-incident-stores.js';
import { openStore } from './open-store.js';
import { type AlerterLeadership, alerterLeadership } from './roles/alerter-leadership.js';
import { createDashboardPart, type DashboardPart } from './roles/dashboard-part.js';
import { createHealthApp } from './roles/health-app.js';
import { incidentTap } from './roles/incident-tap.js';
import type { NocContext } from './roles/noc-context.js';
import { type NocRole, runsAlerter, runsCollector, runsDashboard } from './roles/noc-role.js';
import { StoredAlerts } from './roles/stored-alerts.js';
import { StoredTargetStatus } from './roles/stored-target-status.js';

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
  readonly role: NocRole;
  readonly reloader: ConfigReloader;
  /** Whether the alerter runs in this process now (it holds the lease). */
  leading(): boolean;
  /** Graceful stop: stops the server, then flushes and closes the store. */
  stop(): Promise<void>;
}

/** How `noc start` was asked to run. */
export interface StartOptions {
  file: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  clock?: Clock;
  /** Base of a relative store path (default: the working directory). */
  cwd?: string;
  /** What this process runs (default `all`). */
  role?: NocRole;
  /** Overrides `collector.shard` (`--shard i/n`). */
  shard?: ShardConfig;
  /** Overrides `server.listen` (`--listen host:port`), so several processes can share one configuration file. */
  listen?: string;
  /** How often a standby alerter tries for the lease (default 5 s). */
  leaseRetryMs?: number;
}

/** The configuration with the command line's overrides, computed once per loaded configuration. */
function overrides(options: StartOptions): (config: Config) => Config {
  let raw: Config | undefined;
  let effective: Config | undefined;
  return (config) => {
    if (config === raw && effective !== undefined) return effective;
    raw = config;
    effective = {
      ...config,
      server: options.listen === undefined ? config.server : { ...config.server, listen: options.listen },
      collector: options.shard === undefined ? config.collector : { ...config.collector, shard: options.shard },
    };
    return effective;
  };
}

const NO_FIGURES = { sent: 0, failed: 0, dead: 0, pending: 0, oldestPendingAgeSeconds: 0 };

/** Starts what the role asks for. Throws NocError('invalid_config') for a bad file. */
export async function startNoc(options: StartOptions): Promise<RunningNoc> {
  const clock = options.clock ?? systemClock;
  const role = options.role ?? 'all';
  const log = options.log;
  if (options.listen !== undefined && splitHostPort(options.listen) === undefined) {
    throw new NocError('bad_request', `--listen: expected host:port, such as 127.0.0.1:9700, got "${options.listen}"`);
  }
  const loaded = loadConfigFile(options.file, { env: options.env });
  if (!loaded.ok) {
    throw new NocError('invalid_config', `invalid configuration ${options.file}`, { errors: loaded.issues.map(formatConfigIssue) });
  }
  const effective = overrides(options);
  const config = effective(loaded.config);
  // A relative store path is taken from the working directory, as Prometheus takes its storage path:
  // the bundled demo config then keeps its data in ./data of wherever `noc start` runs.
  // Memory holds only what this process collected: it may answer recent reads only where that is everything.
  const soleWriter = role === 'all' && (config.collector.shard?.count ?? 1) === 1;
  const store = openStore(config.store, { clock, log, baseDir: options.cwd ?? process.cwd(), soleWriter });
  let stores;
  try {
    stores = await openIncidentStores(config.incidents, { clock, log: options.log, baseDir: options.cwd ?? process.cwd(), ...(store.database ? { embedded: store.database } : {}) });
  } catch (error) {
    await store.close();
    throw error;
  }
  const metrics = createMetrics();
  registerStoreMetrics(metrics.registry, store.health);
  const reloader = new ConfigReloader(options.file, loaded.config, options.env, metrics, log.child({ component: 'config' }), () => clock.now());
  const current = () => effective(reloader.current);
  // Silences and API maintenance windows are stored; config windows apply regardless.
  const maintenance = new MaintenanceCalendar({
    // Read per call, so a reload's windows and time zone apply at once.
    config: () => ({ windows: current().maintenance, timeZone: current().sla.timezone }),
    store: stores.silences,
    log: log.child({ component: 'maintenance' }),
  });
  const context: NocContext = {
    config: current,
    store,
    stores,
    metrics,
    feed: new LiveFeed((error) => log.warn({ err: error }, 'a live stream listener failed')),
    maintenance,
    muting: new Muting({ calendar: maintenance, silences: stores.silences }),
    reports: new MonthlyReports({
      config: current,
      querier: store.querier,
      incidents: stores.incidents,
      maintenance: (from, to) => maintenance.windowsBetween(from, to),
      clock,
    }),
    clock,
    log,
  };
  log.info({ role, ...(config.collector.shard === undefined ? {} : { shard: `${config.collector.shard.index}/${config.collector.shard.count}` }) }, 'noc role');
  if (role !== 'all' && (config.incidents.kind !== 'postgres' || config.store.kind === 'sqlite')) {
    // Allowed (one machine may run its parts apart), but processes then share nothing: two alerters both lead.
    log.warn(
      { role, store: config.store.kind, incidents: config.incidents.kind },
      `--role ${role} shares data with the other processes only through a remote store and incidents.kind postgres`,
    );
  }

  const collector = runsCollector(role)
    ? new ProbeScheduler(shardedConfig(config), {
        appender: liveAppender(store.appender, context.feed),
        clock,
        log,
        // Probe state (last SSL Labs grades…) survives restarts beside the incidents.
        state: stores.probeState,
        factories: PROBE_FACTORIES,
      })
    : undefined;
  if (collector !== undefined) registerCollectorMetrics(metrics.registry, () => collector.stats());

  const leadership: AlerterLeadership | undefined = runsAlerter(role) ? alerterLeadership(context, options.leaseRetryMs === undefined ? {} : { leaseRetryMs: options.leaseRetryMs }) : undefined;
  if (leadership !== undefined) {
    registerNotificationMetrics(metrics.registry, async () => (await leadership.gate.current()?.notifications.figures()) ?? NO_FIGURES);
  }
  const leading = () => leadership?.gate.leading() === true;

  // Without an engine of its own (or while its alerter stands by), the dashboard reads what the leader saved.
  const readsElsewhere = runsDashboard(role) && (leadership === undefined || leadership.shared);
  const storedAlerts = readsElsewhere
    ? new StoredAlerts({ states: stores.alertStates, querier: store.querier, appender: store.appender, feed: context.feed, publish: () => !leading(), log })
    : undefined;
  const storedTargets = runsDashboard(role) && collector === undefined ? new StoredTargetStatus({ querier: store.querier, config: current, log }) : undefined;
  let dashboard: DashboardPart | undefined;
  if (runsDashboard(role)) {
    try {
      dashboard = await createDashboardPart(context, {
        targets: collector ?? (storedTargets as StoredTargetStatus),
        alerts: { active: () => leadership?.gate.current()?.engine.active() ?? storedAlerts?.active() ?? [] },
        reload: (by) => reloader.reload(by),
        taps: readsElsewhere ? [incidentTap({ incidents: stores.incidents, feed: context.feed, clock, log, publish: () => !leading() })] : [],
      });
    } catch (error) {
      // Users are seeded into the stores here: a store that fails now must still be closed (and its spool flushed).
      await stores.close();
      await store.close();
      throw error;
    }
  }
  const app = dashboard?.app ?? createHealthApp({ storeHealth: store.health, registry: metrics.registry, https: config.server.tls !== undefined, log });

  reloader.onChange((rawNext, rawPrevious) => {
    const next = effective(rawNext);
    dashboard?.apply(next);
    collector?.apply(shardedConfig(next));
    leadership?.gate
      .current()
      ?.apply(next)
      .catch((error: unknown) => log.error({ err: error }, 'the alerter could not apply the reloaded config'));
    if (JSON.stringify(rawNext.store) !== JSON.stringify(rawPrevious.store)) {
      log.warn('store settings changed: they take effect at the next restart');
    }
  });

  const address = splitHostPort(config.server.listen) as { host: string; port: number };
  const closeStores = async () => {
    await stores.close();
    await store.close();
  };
  let server: RunningServer;
  try {
    server = await listen(app, address, config.server.tls, dashboard?.stream);
  } catch (error) {
    await closeStores();
    throw error;
  }
  log.info({ url: server.url, role }, 'noc listening');
  if (leadership !== undefined) {
    leadership.gate.start();
    if (!leadership.shared) {
      // One process, nothing to wait for: an alerter that cannot start fails the start, as it always did.
      await leadership.gate.settled();
      if (!leadership.gate.leading()) {
        await leadership.gate.stop();
        await server.close();
        await closeStores();
        throw leadership.gate.lastFailure();
      }
    }
  }
  await Promise.all([storedAlerts?.start(), storedTargets?.start()]);
  collector?.start();
  dashboard?.start();
  return {
    url: server.url,
    role,
    reloader,
    leading,
    stop: async () => {
      await collector?.stop();
      await dashboard?.stop();
      await Promise.all([storedAlerts?.stop(), storedTargets?.stop()]);
      await leadership?.gate.stop();
      await server.close();
      await closeStores();
      log.info('noc stopped');
    },
  };
}
