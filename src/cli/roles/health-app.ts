import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import type { Logger, StoreHealth } from '../../core/index.js';
import { errorHandler, notFound } from '../../dashboard/http-errors.js';
import { healthRoutes } from '../../dashboard/routes/health-routes.js';
import { securityHeaders } from '../../dashboard/security/security-headers.js';

/**
 * The HTTP surface of a process without the dashboard (collector, alerter): `/healthz`, `/readyz` and
 * `/metrics` exactly as the dashboard serves them, and the API's 404 for everything else.
 */
export function createHealthApp(deps: { storeHealth: StoreHealth; registry: Registry; https: boolean; log: Logger }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders({ https: deps.https }));
  app.use(healthRoutes(deps.storeHealth, deps.registry));
  app.use(notFound);
  app.use(errorHandler(deps.log.child({ component: 'http' })));
  return app;
}
