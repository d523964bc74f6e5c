import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlProbe } from '../src/collector/probes/mysql.js';
import type { ProbeResult } from '../src/collector/probe.js';
import { PROBE_KINDS, type TargetConfig } from '../src/config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { PROBE_PASSWORD, PROBE_USER, startMariadbPair, type MariadbPair, type MariadbServer } from './peers/mariadb.js';
import { peerBinary } from './peers/peer-binary.js';
import { freePort, waitFor } from './support/free-port.js';

const binary = peerBinary('/usr/sbin/mariadbd', 'Debian package mariadb-server');

const TARGET: TargetConfig = { id: 'db-1', role: 'database', site: 'qro', users: 0, depends_on: [], labels: {}, probes: [] };

async function probe(port: number, config: Record<string, unknown> = {}, timeoutMs = 3000): Promise<ProbeResult> {
  const parsed = PROBE_KINDS.mysql.parse({ kind: 'mysql', host: '127.0.0.1', port, user: PROBE_USER, password: PROBE_PASSWORD, ...config });
  const instance = mysqlProbe(parsed, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'db-1/mysql' });
  return instance.run({ target: TARGET, signal: AbortSignal.timeout(timeoutMs), timeoutMs, log: silentLogger });
}

function value(result: ProbeResult, metric: string): number | undefined {
  return result.measurements.find((m) => m.metric === metric)?.value;
}

const REPLICATION_SERIES = ['db_replication_running', 'db_replication_lag_seconds'];

describe.skipIf(binary === undefined)('mysql probe against MariaDB', () => {
  let pair: MariadbPair;
  let primary: MariadbServer;
  let replica: MariadbServer;

  beforeAll(async () => {
    pair = await startMariadbPair(binary ?? '');
    ({ primary, replica } = pair);
  }, 30_000);

  afterAll(async () => {
    await pair?.stop();
  });

  it('reads connections, counters and latency on the primary, and no replication series', async () => {
    const result = await probe(primary.port);
    expect(result.error).toBeUndefined();
    expect(result.up).toBe(true);
    const connections = value(result, 'db_connections') ?? 0;
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(value(result, 'db_connections_max') ?? 0);
    expect(value(result, 'db_connections_max')).toBe(151);
    expect(value(result, 'db_query_seconds')).toBeGreaterThan(0);
    expect(value(result, 'db_queries_total')).toBeGreaterThan(0);
    expect(value(result, 'db_uptime_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(result, 'db_slow_queries_total')).toBe(0);
    expect(value(result, 'db_aborted_connects_total')).toBeGreaterThanOrEqual(0);
    expect(result.measurements.filter((m) => REPLICATION_SERIES.includes(m.metric))).toEqual([]);
  });

  it('closes its connection at the end of the run', async () => {
    await probe(primary.port);
    await waitFor(async () => (await primary.sql(`SELECT 1 FROM information_schema.PROCESSLIST WHERE USER = '${PROBE_USER}'`)).length === 0, 2000);
  });

  it('reports a running replica with lag 0, a stopped one as down without lag, and recovery', async () => {
    await waitFor(async () => (await probe(replica.port)).up);
    const running = await probe(replica.port);
    expect(running.error).toBeUndefined();
    expect(value(running, 'db_replication_running')).toBe(1);
    expect(value(running, 'db_replication_lag_seconds')).toBe(0);

    await replica.sql('STOP SLAVE');
    try {
      const stopped = await probe(replica.port);
      expect(stopped.up).toBe(false);
      expect(stopped.error).toBe('replication stopped: IO thread stopped, SQL thread stopped');
      expect(value(stopped, 'db_replication_running')).toBe(0);
      expect(value(stopped, 'db_replication_lag_seconds')).toBeUndefined();
      expect(value(stopped, 'db_connections')).toBeGreaterThanOrEqual(1);
    } finally {
      await replica.sql('START SLAVE');
    }
    await waitFor(async () => value(await probe(replica.port), 'db_replication_running') === 1);
    const again = await probe(replica.port);
    expect(again.up).toBe(true);
    expect(value(again, 'db_replication_lag_seconds')).toBe(0);
  });

  it('says authentication failed for a wrong password', async () => {
    const result = await probe(primary.port, { password: 'wrong-password' });
    expect(result.up).toBe(false);
    expect(result.error).toMatch(/^authentication failed: Access denied for user 'noc'@'127\.0\.0\.1'/);
  });

  it('reports a refused port', async () => {
    const port = await freePort();
    const result = await probe(port);
    expect(result).toEqual({ up: false, measurements: [], error: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('times out against a server that never greets, and drops the socket', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const result = await probe(port, {}, 300);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(result).toEqual({ up: false, measurements: [], error: 'timed out after 300ms while connecting' });
      await waitFor(async () => sockets.every((socket) => socket.closed), 2000);
    } finally {
      silent.close();
    }
  });

  it('is down while the primary is stopped, its replica too, and both up again once it restarts', async () => {
    await primary.stop();
    try {
      const down = await probe(primary.port);
      expect(down.up).toBe(false);
      expect(down.error).toBe(`connect ECONNREFUSED 127.0.0.1:${primary.port}`);
      let orphan = await probe(replica.port);
      await waitFor(async () => (orphan = await probe(replica.port)).error?.includes('IO thread connecting') === true);
      expect(orphan.up).toBe(false);
      expect(orphan.error).toMatch(/^replication stopped: IO thread connecting, SQL thread running; error reconnecting to master 'repl@127\.0\.0\.1:\d+'/);
      expect(value(orphan, 'db_replication_lag_seconds')).toBeUndefined();
    } finally {
      await primary.start();
    }
    const up = await probe(primary.port);
    expect(up.error).toBeUndefined();
    expect(up.up).toBe(true);
    await waitFor(async () => (await probe(replica.port)).up);
  }, 30_000);
});
