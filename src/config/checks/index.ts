import type { ConfigCheck } from './config-check.js';
import { checkAuth } from './check-auth.js';
import { checkMaintenance } from './check-maintenance.js';
import { checkNotifications } from './check-notifications.js';
import { checkProbes } from './check-probes.js';
import { checkRules } from './check-rules.js';
import { checkServices } from './check-services.js';
import { checkTargets } from './check-targets.js';

export type { CheckContext, ConfigCheck } from './config-check.js';

/** Every cross-field check, run on the raw config even when the schema found problems, so all are reported. */
export const CONFIG_CHECKS: readonly ConfigCheck[] = [
  checkAuth,
  checkTargets,
  checkProbes,
  checkRules,
  checkNotifications,
  checkMaintenance,
  checkServices,
];
