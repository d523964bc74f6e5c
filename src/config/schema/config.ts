import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { CollectorConfig } from './collector.js';
import { DefaultsConfig } from './defaults.js';
import { IncidentsConfig } from './incidents.js';
import { MaintenanceWindow } from './maintenance.js';
import { NotificationsConfig } from './notifications.js';
import { RuleConfig } from './rule.js';
import { ServerConfig } from './server.js';
import { ServiceConfig } from './services.js';
import { SlaConfig } from './sla.js';
import { StoreConfig } from './store.js';
import { TargetConfig } from './target.js';

/** The whole configuration file; every section has defaults, so `{}` is a valid config. */
export const Config = z.strictObject({
  server: ServerConfig.prefault({}),
  store: StoreConfig,
  incidents: IncidentsConfig.prefault({}),
  defaults: DefaultsConfig.prefault({}),
  collector: CollectorConfig.prefault({}),
  targets: z.array(TargetConfig).default([]),
  rules: z.array(RuleConfig).default([]),
  notifications: NotificationsConfig.prefault({}),
  services: z.array(ServiceConfig).default([]),
  sla: SlaConfig.prefault({}),
  maintenance: z.array(MaintenanceWindow).default([]),
});
/** The parsed configuration: durations in ms, selectors parsed, defaults filled, deeply readonly. */
export type Config = DeepReadonly<z.infer<typeof Config>>;
