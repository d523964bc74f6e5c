import type { Config } from '../../config/index.js';
import type { Clock, Logger } from '../../core/index.js';
import type { MaintenanceCalendar, Muting } from '../../alerter/index.js';
import type { NocMetrics } from '../../dashboard/index.js';
import type { LiveFeed } from '../../dashboard/stream/index.js';
import type { MonthlyReports } from '../../sla/index.js';
import type { IncidentSideStores } from '../open-incident-stores.js';
import type { OpenStore } from '../open-store.js';

/** What every role of a process shares: configuration, stores, metrics, the live feed, muting. */
export interface NocContext {
  /** The configuration in force, with the command line's overrides applied (read per use: reloads apply). */
  readonly config: () => Config;
  readonly store: OpenStore;
  readonly stores: IncidentSideStores;
  readonly metrics: NocMetrics;
  /** Everything the dashboard shows live goes through it; publishing is free while nobody watches. */
  readonly feed: LiveFeed;
  readonly maintenance: MaintenanceCalendar;
  readonly muting: Muting;
  readonly reports: MonthlyReports;
  readonly clock: Clock;
  readonly log: Logger;
}

