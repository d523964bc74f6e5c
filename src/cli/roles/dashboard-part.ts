import type { Express } from 'express';
import type { Config } from '../../config/index.js';
import { IncidentService, ObservedIncidentStore } from '../../alerter/index.js';
import type { Logger, PeriodicTask, TargetStatusSource } from '../../core/index.js';
import { type AuthSettings, createDashboardApp, type ReloadOutcome, registerStreamMetrics } from '../../dashboard/index.js';
import { authSettingsFromConfig } from '../../dashboard/auth.js';
import type { AlertSource } from '../../dashboard/routes/alert-routes.js';
import { DashboardSecurity, seedUsers } from '../../dashboard/security/index.js';
import { attachStream } from '../../dashboard/stream/index.js';
import { webRoutes } from '../../dashboard/web-routes.js';
import { publishIncident, targetTap } from '../live-taps.js';
import type { NocContext } from './noc-context.js';

function authSettings(config: Config, log: Logger): AuthSettings {
  const settings = authSettingsFromConfig(config.server.auth);
  if (settings.anonymousRole !== undefined) {
    log.warn({ listen: config.server.listen }, 'no API tokens configured: the read-only API is open to anyone who can reach the server');
  }
  return settings;
}

/** The dashboard of a process: the API and console app, its live stream, and the taps that feed it. */
export interface DashboardPart {
  readonly app: Express;
  readonly stream: ReturnType<typeof attachStream>;
  /** Starts the taps that publish target changes. */
  start(): void;
  /** Applies a reloaded configuration (credentials and seeded users). */
  apply(next: Config): void;
  stop(): Promise<void>;
}

/** What the dashboard shows besides the stores: targets, alerts, and how to reload. */
export interface DashboardSources {
  readonly targets: TargetStatusSource;
  readonly alerts: AlertSource;
  readonly reload: (requestedBy: string) => Promise<ReloadOutcome>;
  /** Taps started and stopped with the dashboard (incidents and alerts changed by other processes). */
  readonly taps?: readonly PeriodicTask[];
}

/**
 * Builds the dashboard: incident actions go through an IncidentService on the shared stores (published on
 * the live feed as they happen), silences and maintenance through the shared silence store.
 */
export async function createDashboardPart(context: NocContext, sources: DashboardSources): Promise<DashboardPart> {
  const { stores, store, clock, log, feed } = context;
  const config = context.config();
  let auth = authSettings(config, log);
  const security = new DashboardSecurity({
    auth: () => auth,
    users: stores.users,
    clock,
    log: log.child({ component: 'auth' }),
    https: config.server.tls !== undefined || config.server.public_url?.startsWith('https:') === true,
    ...(config.server.public_url === undefined ? {} : { publicUrl: config.server.public_url }),
  });
  await seedUsers(security.users, config.server.auth.users, security.hasher, log);
  const incidentStore = new ObservedIncidentStore(stores.incidents, (incident) => publishIncident(incident, feed, clock));
  const incidents = new IncidentService(incidentStore, context.config, clock, log);
  const app = createDashboardApp({
    querier: store.querier,
    storeHealth: store.health,
    targets: sources.targets,
    incidents,
    outbox: stores.outbox,
    forensics: {
      maintenance: (from, to) => context.maintenance.occurrencesBetween(from, to),
      alertSeverity: (alertname) => context.config().rules.find((rule) => rule.name === alertname)?.severity,
      snapshots: stores.snapshots,
    },
    reports: { builder: context.reports, timeZone: () => context.config().sla.timezone },
    alerts: sources.alerts,
    mute: (at) => context.muting.snapshot(at),
    silences: { store: stores.silences, calendar: context.maintenance, targetIds: () => context.config().targets.map((t) => t.id) },
    registry: context.metrics.registry,
    auth: () => auth,
    security,
    webApp: webRoutes(),
    reload: sources.reload,
    clock,
    log,
  });
  const stream = attachStream({
    feed,
    authenticate: (req) => security.authenticateUpgrade(req),
    sameOrigin: (req) => security.isSameOrigin(req),
    clock,
    log: log.child({ component: 'stream' }),
  });
  registerStreamMetrics(context.metrics.registry, () => stream.stats());
  const taps = [targetTap(sources.targets, feed, log), ...(sources.taps ?? [])];
  return {
    app,
    stream,
    start: () => {
      for (const tap of taps) tap.start();
    },
    apply: (next) => {
      auth = authSettings(next, log);
      seedUsers(security.users, next.server.auth.users, security.hasher, log).catch((error: unknown) =>
        log.error({ err: error }, 'users of the reloaded config could not be stored'),
      );
    },
    stop: async () => {
      await Promise.all(taps.map((tap) => tap.stop()));
    },
  };
}
