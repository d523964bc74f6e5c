import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresProbe } from '../src/collector/probes/postgres.js';
import type { Measurement, ProbeResult } from '../src/collector/probe.js';
import { PROBE_KINDS, type TargetConfig } from '../src/config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { peerBinary } from './peers/peer-binary.js';
import { PASSWORD, PASSWORD_USER, startPostgresPair, type PostgresPair, type PostgresServer } from './peers/postgres.js';
import { freePort, waitFor } from './support/free-port.js';

const BIN = '/usr/lib/postgresql/15/bin';
const binary = peerBinary(`${BIN}/postgres`, 'Debian package postgresql-15');

const TARGET: TargetConfig = { id: 'db-1', role: 'database', site: 'qro', users: 0, depends_on: [], labels: {}, probes: [] };

async function probe(config: Record<string, unknown>, timeoutMs = 3000): Promise<ProbeResult> {
  const parsed = PROBE_KINDS.postgres.parse({ kind: 'postgres', host: '127.0.0.1', user: 'postgres', ...config });
  const instance = postgresProbe(parsed, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'db-1/postgres' });
  return instance.run({ target: TARGET, signal: AbortSignal.timeout(timeoutMs), timeoutMs, log: silentLogger });
}

function value(result: ProbeResult, metric: string, labels: Record<string, string> = {}): number | undefined {
  const match = (m: Measurement) => m.metric === metric && Object.entries(labels).every(([k, v]) => m.labels?.[k] === v);
  return result.measurements.find(match)?.value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(binary === undefined)('postgres probe against PostgreSQL 15', () => {
  let pair: PostgresPair;
  let primary: PostgresServer;
  let replica: PostgresServer;

  beforeAll(async () => {
    pair = await startPostgresPair(BIN);
    ({ primary, replica } = pair);
    await primary.sql('CREATE TABLE beat (at timestamptz)');
    await waitFor(async () => (await primary.sql('SELECT 1 FROM pg_stat_replication')).length > 0);
  });

  afterAll(async () => {
    await pair?.stop();
  });

  it('reads connections, transactions, sizes and the streaming replica on the primary', async () => {
    const result = await probe({ port: primary.port, databases: 'all' });
    expect(result.error).toBeUndefined();
    expect(result.up).toBe(true);
    const connections = value(result, 'db_connections') ?? 0;
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(value(result, 'db_connections_max') ?? 0);
    expect(value(result, 'db_connections_max')).toBe(100);
    expect(value(result, 'db_up_is_replica')).toBe(0);
    expect(value(result, 'db_replication_lag_seconds', { replica: 'walreceiver' })).toBeGreaterThanOrEqual(0);
    expect(value(result, 'db_query_seconds')).toBeGreaterThan(0);
    expect(value(result, 'db_commits_total', { database: 'postgres' })).toBeGreaterThan(0);
    expect(value(result, 'db_size_bytes', { database: 'postgres' })).toBeGreaterThan(1_000_000);
    expect(result.measurements.some((m) => m.labels?.database === 'template1')).toBe(false);
    expect(value(result, 'db_long_queries')).toBe(0);
  });

  it('closes its connection at the end of the run', async () => {
    await probe({ port: primary.port });
    await waitFor(async () => (await primary.sql("SELECT 1 FROM pg_stat_activity WHERE application_name = 'noc-probe'")).length === 0, 2000);
  });

  it('reports lag 0 on a caught-up replica and a growing lag while replay is paused', async () => {
    await primary.sql('INSERT INTO beat VALUES (now())');
    await waitFor(async () => (await replica.sql('SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AS ok'))[0]?.ok === true);
    const caughtUp = await probe({ port: replica.port });
    expect(caughtUp.up).toBe(true);
    expect(value(caughtUp, 'db_up_is_replica')).toBe(1);
    expect(value(caughtUp, 'db_replication_lag_seconds')).toBe(0);

    await replica.sql('SELECT pg_wal_replay_pause()');
    try {
      await primary.sql('INSERT INTO beat VALUES (now())');
      await sleep(1200);
      const first = value(await probe({ port: replica.port }), 'db_replication_lag_seconds') ?? 0;
      expect(first).toBeGreaterThan(1);
      await sleep(1000);
      const second = value(await probe({ port: replica.port }), 'db_replication_lag_seconds') ?? 0;
      expect(second).toBeGreaterThan(first);
    } finally {
      await replica.sql('SELECT pg_wal_replay_resume()');
    }
  });

  it('takes the backup age from the archiver, or from the marker query', async () => {
    await primary.sql('INSERT INTO beat VALUES (now())');
    await primary.sql('SELECT pg_switch_wal()');
    await waitFor(async () => (await primary.sql('SELECT last_archived_time FROM pg_stat_archiver'))[0]?.last_archived_time !== null);
    const archived = value(await probe({ port: primary.port }), 'db_last_backup_age_seconds');
    expect(archived).toBeGreaterThanOrEqual(0);
    expect(archived).toBeLessThan(15);

    const marked = await probe({ port: primary.port, backup_marker_query: "SELECT now() - interval '1 hour'" });
    expect(value(marked, 'db_last_backup_age_seconds')).toBeCloseTo(3600, -1);
  });

  it('counts a query running longer than the threshold', async () => {
    const sleeper = new pg.Client({ host: '127.0.0.1', port: primary.port, user: 'postgres', application_name: 'sleeper' });
    await sleeper.connect();
    const sleeping = sleeper.query('SELECT pg_sleep(5)').catch(() => undefined);
    try {
      await sleep(1300);
      const result = await probe({ port: primary.port, long_query_threshold: '1s' });
      expect(value(result, 'db_long_queries')).toBe(1);
    } finally {
      await primary.sql("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'sleeper'");
      await sleeping;
      await sleeper.end();
    }
  });

  it('logs in with a password and says why a login fails', async () => {
    expect((await probe({ port: primary.port, user: PASSWORD_USER, password: PASSWORD })).up).toBe(true);
    const cases: [Record<string, unknown>, string][] = [
      [{ user: PASSWORD_USER, password: 'wrong' }, `password authentication failed for user "${PASSWORD_USER}" (while connecting)`],
      [{ user: 'nobody' }, 'role "nobody" does not exist (while connecting)'],
      [{ database: 'nope' }, 'database "nope" does not exist (while connecting)'],
    ];
    for (const [config, error] of cases) {
      const result = await probe({ port: primary.port, ...config });
      expect(result).toMatchObject({ up: false, error });
    }
  });

  it('reports a refused port, a silent server and a statement timeout', async () => {
    const closed = await freePort();
    expect(await probe({ port: closed })).toMatchObject({ up: false, error: `connect ECONNREFUSED 127.0.0.1:${closed}` });

    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const started = Date.now();
      expect(await probe({ port }, 500)).toMatchObject({ up: false, error: 'timed out after 500ms while connecting' });
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }

    const slow = await probe({ port: primary.port, statement_timeout: '200ms', backup_marker_query: 'SELECT now() FROM pg_sleep(2)' });
    expect(slow).toMatchObject({ up: false, error: 'canceling statement due to statement timeout (in backup_marker_query)' });
  });

  it('is down while the primary is stopped and up again after a restart', async () => {
    await primary.stop();
    const down = await probe({ port: primary.port });
    expect(down.up).toBe(false);
    expect(down.error).toContain('ECONNREFUSED');
    await primary.start();
    expect(await probe({ port: primary.port })).toMatchObject({ up: true });
  });
});
