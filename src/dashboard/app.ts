import express, { type Express, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Clock, ForensicSnapshotStore, Logger, OutboxStore, SeriesQuerier, StoreHealth, TargetStatusSource } from '../core/index.js';
import type { AlertSeverityLookup, MaintenanceLookup } from '../forensics/index.js';
import type { IncidentService, MuteSnapshot } from '../alerter/index.js';
import type { MonthlyReports } from '../sla/index.js';
import { type AuthSettings, authenticate, requireRole, requireSameOriginForCookies } from './auth.js';
import { DashboardSecurity } from './security/dashboard-security.js';
import { securityHeaders } from './security/security-headers.js';
import { errorHandler, notFound } from './http-errors.js';
import { adminRoutes, type ReloadOutcome } from './routes/admin-routes.js';
import { type AlertSource, alertRoutes } from './routes/alert-routes.js';
import { forensicsRoutes } from './routes/forensics-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { incidentRoutes } from './routes/incident-routes.js';
import { notificationRoutes } from './routes/notification-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { seriesRoutes } from './routes/series-routes.js';
import { silenceRoutes, type SilenceRoutesDeps } from './routes/silence-routes.js';
import { targetRoutes } from './routes/target-routes.js';
import { loginRoutes, sessionRoutes, wallLoginRoute } from './routes/session-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { openApiRoutes } from './openapi/openapi-routes.js';

/** What the HTTP side needs from the rest of the process. */
export interface DashboardDeps {
  readonly querier: SeriesQuerier;
  readonly storeHealth: StoreHealth;
  /** What the collector knows about each target and probe. */
  readonly targets: TargetStatusSource;
  /** The alerts now pending or firing. */
  readonly alerts?: AlertSource;
  /** Silences and maintenance in effect at an instant, shown on each alert. */
  readonly mute?: (at: number) => Promise<MuteSnapshot>;
  /** Silences and maintenance windows (absent when the store keeps none: the routes then do not exist). */
  readonly silences?: Omit<SilenceRoutesDeps, 'clock'>;
  /** The incident lifecycle (absent when the store keeps no incidents: the routes then do not exist). */
  readonly incidents?: IncidentService;
  /**
   * Forensics beyond the series and incidents: maintenance and rule severities for the timeline, and the
   * snapshots frozen onto incidents (absent: incidents show none and `incidents/:number/forensics` is not served).
   */
  readonly forensics?: {
    readonly maintenance?: MaintenanceLookup;
    readonly alertSeverity?: AlertSeverityLookup;
    readonly snapshots?: ForensicSnapshotStore;
  };
  /** The monthly availability and SLA reports, in the contract's time zone (absent: the routes do not exist). */
  readonly reports?: { readonly builder: MonthlyReports; readonly timeZone: () => string };
  /** The notification outbox (absent without an embedded store). */
  readonly outbox?: Pick<OutboxStore, 'list'>;
  readonly registry: Registry;
  /** Current credentials; read per request so a reload applies at once (ignored when `security` is given). */
  readonly auth: () => AuthSettings;
  /**
   * Sessions, users, throttling and the origin rule, shared with the WebSocket upgrade. Absent: one is built
   * from `auth` with users and sessions in memory and plain http assumed.
   */
  readonly security?: DashboardSecurity;
  /** The web app (page shells and assets), served after the API; its pages hold no data, so no auth. */
  readonly webApp?: RequestHandler;
  readonly reload: (requestedBy: string) => Promise<ReloadOutcome>;
  readonly clock: Clock;
  readonly log: Logger;
}

/** The express application: health and metrics at the root, the JSON API under /api/v1. */
export function createDashboardApp(deps: DashboardDeps): Express {
  const security = deps.security ?? new DashboardSecurity({ auth: deps.auth, clock: deps.clock, log: deps.log.child({ component: 'auth' }) });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders({ https: security.https }));
  app.use(healthRoutes(deps.storeHealth, deps.registry));
  app.use(wallLoginRoute(security));

  const api = express.Router();
  // Authenticated data must not linger in shared or browser caches.
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(loginRoutes(security));
  api.use(authenticate(security));
  // Bodies are parsed only once the caller is known: an anonymous caller cannot make the server read 1 MB.
  api.use(express.json({ limit: '1mb' }));
  api.use(requireSameOriginForCookies(security));
  api.use(sessionRoutes(security));
  api.use(requireRole('viewer'), seriesRoutes(deps.querier, deps.clock), targetRoutes(deps.targets));
  if (deps.alerts !== undefined) api.use(requireRole('viewer'), alertRoutes(deps.alerts, { clock: deps.clock, ...(deps.mute === undefined ? {} : { mute: deps.mute }) }));
  if (deps.silences !== undefined) api.use(silenceRoutes({ ...deps.silences, clock: deps.clock }));
  if (deps.incidents !== undefined) api.use(incidentRoutes(deps.incidents, deps.clock, deps.forensics?.snapshots));
  api.use(
    forensicsRoutes({
      querier: deps.querier,
      ...(deps.incidents === undefined ? {} : { incidents: deps.incidents }),
      ...(deps.forensics?.maintenance === undefined ? {} : { maintenance: deps.forensics.maintenance }),
      ...(deps.forensics?.alertSeverity === undefined ? {} : { alertSeverity: deps.forensics.alertSeverity }),
      clock: deps.clock,
    }),
  );
  if (deps.reports !== undefined) api.use(reportRoutes(deps.reports.builder, deps.reports.timeZone, deps.clock));
  if (deps.outbox !== undefined) api.use(notificationRoutes(deps.outbox));
  api.use(adminRoutes(deps.reload));
  api.use(userRoutes(security));
  api.use(openApiRoutes());
  app.use('/api/v1', api);
  if (deps.webApp !== undefined) app.use(deps.webApp);

  app.use(notFound);
  app.use(errorHandler(deps.log.child({ component: 'http' })));
  return app;
}
