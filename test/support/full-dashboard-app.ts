import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express, RequestHandler } from 'express';
import { Config, IncidentsConfig, SlaConfig } from '../../src/config/index.js';
import { IncidentService, type IncidentsSettings, MaintenanceCalendar, Muting } from '../../src/alerter/index.js';
import { ManualClock, silentLogger } from '../../src/core/index.js';
import { type AuthSettings, createDashboardApp, createMetrics } from '../../src/dashboard/index.js';
import { MonthlyReports } from '../../src/sla/index.js';
import { SqliteForensicSnapshotStore } from '../../src/store/sqlite/sqlite-forensic-snapshot-store.js';
import { SqliteIncidentStore } from '../../src/store/sqlite/sqlite-incident-store.js';
import { SqliteOutboxStore } from '../../src/store/sqlite/sqlite-outbox-store.js';
import { SqliteSeriesStore } from '../../src/store/sqlite/sqlite-series-store.js';
import { SqliteSilenceStore } from '../../src/store/sqlite/sqlite-silence-store.js';

/** The dashboard app with every optional part present, over a throw-away embedded store. */
export interface FullDashboardApp {
  readonly app: Express;
  /** Who asked for a reload, in order. */
  readonly reloads: readonly string[];
  close(): Promise<void>;
}

const HOUR = 3_600_000;

/**
 * Builds the app as `noc start` wires it with the embedded store (silences, maintenance, incidents,
 * outbox, alerts, forensic snapshots, reports), so that every route it can serve is registered.
 */
export function fullDashboardApp(auth: () => AuthSettings, options: { webApp?: RequestHandler; at?: number } = {}): FullDashboardApp {
  const at = options.at ?? Date.UTC(2026, 10, 2, 10, 0, 0);
  const dir = mkdtempSync(join(tmpdir(), 'noc-full-app-'));
  const clock = new ManualClock(at);
  const store = SqliteSeriesStore.open({ path: join(dir, 'noc.db'), hotWindow: HOUR, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
  const silences = new SqliteSilenceStore(store.database);
  const calendar = new MaintenanceCalendar({ config: () => ({ windows: [], timeZone: 'UTC' }), store: silences });
  const muting = new Muting({ calendar, silences });
  const settings: IncidentsSettings = { sla: SlaConfig.parse({}), incidents: IncidentsConfig.parse({ prefix: 'NOC' }), targets: [] };
  const reloads: string[] = [];
  const config = Config.parse({ store: { kind: 'sqlite', path: join(dir, 'noc.db') } });
  const incidentStore = new SqliteIncidentStore(store.database);
  const reports = new MonthlyReports({ config: () => config, querier: store, incidents: incidentStore, maintenance: (from, to) => calendar.windowsBetween(from, to), clock });
  const app = createDashboardApp({
    querier: store,
    storeHealth: store,
    targets: { targets: () => [] },
    alerts: { active: () => [] },
    mute: (instant) => muting.snapshot(instant),
    silences: { store: silences, calendar, targetIds: () => ['core-1'] },
    incidents: new IncidentService(incidentStore, () => settings, clock, silentLogger),
    reports: { builder: reports, timeZone: () => config.sla.timezone },
    outbox: new SqliteOutboxStore(store.database),
    forensics: { maintenance: (from, to) => calendar.occurrencesBetween(from, to), snapshots: new SqliteForensicSnapshotStore(store.database) },
    registry: createMetrics().registry,
    auth,
    reload: async (by) => {
      reloads.push(by);
      return { ok: true };
    },
    clock,
    log: silentLogger,
    ...(options.webApp === undefined ? {} : { webApp: options.webApp }),
  });
  return {
    app,
    reloads,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
