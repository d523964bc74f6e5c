import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaintenanceCalendar, Muting } from '../src/alerter/index.js';
import { type AlerterLeadership, alerterLeadership } from '../src/cli/roles/alerter-leadership.js';
import type { NocContext } from '../src/cli/roles/noc-context.js';
import { loadConfigText } from '../src/config/index.js';
import { type Incident, seriesKey, silentLogger, systemClock } from '../src/core/index.js';
import { MemorySeriesStore } from '../src/core/memory-series-store.js';
import { createMetrics } from '../src/dashboard/index.js';
import { LiveFeed } from '../src/dashboard/stream/index.js';
import { MonthlyReports } from '../src/sla/index.js';
import { openPgStores, type PgStores } from '../src/store/postgres/pg-stores.js';
import { ALERTER_LEASE_KEY } from '../src/store/postgres/pg-leader-lease.js';
import { peerBinary } from './peers/peer-binary.js';
import { type PostgresTestServer, startPostgresServer } from './peers/postgres-server.js';
import { waitFor } from './support/free-port.js';

const BIN = '/usr/lib/postgresql/15/bin';
const available = peerBinary(`${BIN}/postgres`, 'PostgreSQL 15 server: apt-get install postgresql-15') !== undefined;
const RETRY_MS = 300;

function config(url: string) {
  const result = loadConfigText(
    `incidents: { kind: postgres, url: "${url}" }
targets:
  - { id: sbc-1, role: sbc, site: qro, probes: [{ kind: tcp, host: 127.0.0.1, port: 5060 }] }
rules:
  - { name: target_down, kind: threshold, select: up, op: "==", value: 0, for: 0s, interval: 1s, severity: S2, group_by: [target] }
`,
    { file: 'noc.yaml' },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** One alerter process's view: its own pool on the shared database, the shared series store. */
function contextOn(stores: PgStores, series: MemorySeriesStore, url: string): NocContext {
  const parsed = config(url);
  const maintenance = new MaintenanceCalendar({ config: () => ({ windows: parsed.maintenance, timeZone: parsed.sla.timezone }), store: stores.silences, log: silentLogger });
  return {
    config: () => parsed,
    store: { appender: series, querier: series, health: { ready: () => true, stats: () => ({}) as never }, close: async () => undefined },
    stores: { kind: 'postgres', ...stores },
    metrics: createMetrics(),
    feed: new LiveFeed(),
    maintenance,
    muting: new Muting({ calendar: maintenance, silences: stores.silences }),
    reports: new MonthlyReports({ config: () => parsed, querier: series, incidents: stores.incidents, maintenance: async () => [], clock: systemClock }),
    clock: systemClock,
    log: silentLogger,
  };
}

describe.skipIf(!available)('alerter takeover on PostgreSQL', () => {
  let server: PostgresTestServer;
  beforeAll(async () => {
    server = await startPostgresServer(BIN);
  }, 60_000);
  afterAll(async () => {
    await server?.destroy();
  });

  it('the standby restores the firing alert when the leader loses its lease, and opens no second incident', async () => {
    const url = await server.createDatabase();
    const series = new MemorySeriesStore();
    const opened: PgStores[] = [await openPgStores(url, systemClock), await openPgStores(url, systemClock)];
    const alerters: AlerterLeadership[] = opened.map((stores) => alerterLeadership(contextOn(stores, series, url), { leaseRetryMs: RETRY_MS }));
    let value = 0;
    const writer = setInterval(() => void series.append([{ series: seriesKey('up', { target: 'sbc-1', probe: 'tcp' }), t: Date.now(), v: value }]), 200);
    const incidents = () => (opened[0] as PgStores).incidents.list();
    try {
      const [a, b] = alerters as [AlerterLeadership, AlerterLeadership];
      a.gate.start();
      await waitFor(async () => a.gate.leading());
      b.gate.start();
      await waitFor(async () => (await incidents()).length === 1, 15_000);
      expect(b.gate.leading()).toBe(false);
      const first = (await incidents())[0] as Incident;

      const [holder] = await server.sql<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = $1::oid AND objid = $2::oid`,
        [(ALERTER_LEASE_KEY >> 32n).toString(), (ALERTER_LEASE_KEY & 0xffffffffn).toString()],
      );
      await server.sql('SELECT pg_terminate_backend($1)', [holder?.pid]);
      await waitFor(async () => b.gate.leading(), RETRY_MS * 20);
      expect(a.gate.leading()).toBe(false);
      // The new leader's engine starts from the saved state: the alert is firing and already routed to its incident.
      const restored = b.gate.current()?.engine.active() ?? [];
      expect(restored.map((alert) => [alert.labels['target'], alert.status, alert.incident])).toEqual([['sbc-1', 'firing', 'target_down{target="sbc-1"}']]);
      expect(first.fingerprint).toBe('target_down{target="sbc-1"}');

      value = 1;
      await waitFor(async () => (await incidents())[0]?.status === 'resolved', 15_000);
      expect((await incidents()).map((incident) => incident.number)).toEqual([first.number]);
    } finally {
      clearInterval(writer);
      await Promise.all(alerters.map((alerter) => alerter.gate.stop()));
      await Promise.all(opened.map((stores) => stores.close()));
    }
  }, 60_000);
});
