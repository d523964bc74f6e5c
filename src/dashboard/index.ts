export { createDashboardApp, type DashboardDeps } from './app.js';
export type { AuthSettings, Principal } from './auth.js';
export {
  createMetrics,
  type NocMetrics,
  type NotificationFigures,
  registerCollectorMetrics,
  registerNotificationMetrics,
  registerStoreMetrics,
  registerStreamMetrics,
} from './metrics.js';
export type { ReloadOutcome } from './routes/admin-routes.js';
export type { SilenceRoutesDeps } from './routes/silence-routes.js';
export { listen, type RunningServer } from './server.js';
