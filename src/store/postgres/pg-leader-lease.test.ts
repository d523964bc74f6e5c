import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeaseChange, silentLogger } from '../../core/index.js';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { type PostgresTestServer, startPostgresServer } from '../../../test/peers/postgres-server.js';
import { waitFor } from '../../../test/support/free-port.js';
import { TS_NODE_ARGS } from '../../../test/support/run-ts.js';
import { ALERTER_LEASE_KEY, leaseKey, PgLeaderLease } from './pg-leader-lease.js';

describe('leaseKey', () => {
  it('is the first 8 bytes of the SHA-1 of the name, signed', () => {
    // sha1("noc-platform/alerter") = 5b5cbf9bd5b28bc0…, sha1("a") = 86f7e437faa5a7fc… (top bit set: negative).
    expect(ALERTER_LEASE_KEY).toBe(6583347431334906816n);
    expect(leaseKey('a')).toBe(-8721251224300181508n);
  });
});

const BIN = '/usr/lib/postgresql/15/bin';
const available = peerBinary(`${BIN}/postgres`, 'PostgreSQL 15 server: apt-get install postgresql-15') !== undefined;
const RETRY_MS = 300;

describe.skipIf(!available)('PgLeaderLease against PostgreSQL', () => {
  let server: PostgresTestServer;
  let url: string;
  const leases: PgLeaderLease[] = [];

  beforeAll(async () => {
    server = await startPostgresServer(BIN);
    url = server.url('postgres');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(leases.map((lease) => lease.stop()));
    await server?.destroy();
  });

  function lease(name: string, key: bigint): { lease: PgLeaderLease; changes: string[] } {
    const changes: string[] = [];
    const created = new PgLeaderLease({ url, log: silentLogger, key, retryMs: RETRY_MS, applicationName: name });
    leases.push(created);
    created.start((change: LeaseChange) => changes.push(change.kind === 'acquired' ? 'acquired' : 'lost'));
    return { lease: created, changes };
  }

  /** The sessions holding a key's advisory lock, by application name (a bigint key shows as its two 32-bit halves). */
  async function holders(key: bigint): Promise<string[]> {
    const unsigned = BigInt.asUintN(64, key);
    const rows = await server.sql<{ name: string }>(
      `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = $1::oid AND l.objid = $2::oid`,
      [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()],
    );
    return rows.map((row) => row.name).sort();
  }

  async function sessions(name: string): Promise<number> {
    const rows = await server.sql<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [name]);
    return Number(rows[0]?.n);
  }

  it('lets exactly one of two leases on a key lead; the other takes over when the leader session is terminated', async () => {
    const KEY = leaseKey('lease test 1');
    const a = lease('lease-a', KEY);
    await waitFor(async () => a.lease.held());
    const b = lease('lease-b', KEY);
    // B has connected and tried at least once: its session exists, but the lock stays A's.
    await waitFor(async () => (await sessions('lease-b')) === 1);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS * 2));
    expect(await holders(KEY)).toEqual(['lease-a']);
    expect([a.lease.held(), b.lease.held()]).toEqual([true, false]);

    const killedAt = Date.now();
    await server.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lease-a'");
    await waitFor(async () => b.lease.held(), RETRY_MS * 10);
    const takeoverMs = Date.now() - killedAt;
    console.log(`takeover after pg_terminate_backend: ${takeoverMs} ms (retry interval ${RETRY_MS} ms)`);
    expect(a.changes.slice(0, 2)).toEqual(['acquired', 'lost']);
    expect(b.changes).toEqual(['acquired']);
    expect(await holders(KEY)).toEqual(['lease-b']);
    // A reconnects as a standby and does not win back a lock B holds.
    await waitFor(async () => (await sessions('lease-a')) === 1);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS * 2));
    expect(a.lease.held()).toBe(false);
    expect(a.changes).toEqual(['acquired', 'lost']);

    await b.lease.stop();
    await waitFor(async () => a.lease.held(), RETRY_MS * 10);
    expect(b.changes).toEqual(['acquired']);
    expect(await holders(KEY)).toEqual(['lease-a']);
    await a.lease.stop();
    expect(await holders(KEY)).toEqual([]);
  });

  it('hands the lock over on resign, and reports a loss when the server goes away', async () => {
    const KEY = leaseKey('lease test 2');
    const a = lease('lease-c', KEY);
    await waitFor(async () => a.lease.held());
    const b = lease('lease-d', KEY);
    await waitFor(async () => (await sessions('lease-d')) === 1);
    await a.lease.resign();
    await waitFor(async () => b.lease.held(), RETRY_MS * 10);
    expect(a.changes).toEqual(['acquired', 'lost']);
    expect(await holders(KEY)).toEqual(['lease-d']);

    await server.stop();
    await waitFor(async () => !b.lease.held(), RETRY_MS * 10);
    expect(b.changes).toEqual(['acquired', 'lost']);
    await server.start();
    // Whichever standby gets there first wins; exactly one does.
    await waitFor(async () => a.lease.held() || b.lease.held(), RETRY_MS * 20);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS * 2));
    expect([a.lease.held(), b.lease.held()].filter(Boolean)).toHaveLength(1);
    expect((await holders(KEY)).length).toBe(1);
  }, 30_000);

  it('gives the lock to the standby when the leading process is killed with SIGKILL', async () => {
    const KEY = leaseKey('lease test 3');
    const child = spawn(process.execPath, [...TS_NODE_ARGS, resolve('test/support/leader-lease-child.ts'), url, KEY.toString(), String(RETRY_MS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await waitFor(async () => output.includes('acquired'), 30_000);
      const standby = lease('lease-e', KEY);
      await waitFor(async () => (await sessions('lease-e')) === 1);
      await new Promise((done) => setTimeout(done, RETRY_MS * 2));
      expect(standby.lease.held()).toBe(false);
      const exited = new Promise((done) => child.once('exit', done));
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await exited;
      await waitFor(async () => standby.lease.held(), RETRY_MS * 10);
      console.log(`takeover after SIGKILL of the leader: ${Date.now() - killedAt} ms (retry interval ${RETRY_MS} ms)`);
      expect(standby.changes).toEqual(['acquired']);
      expect(await holders(KEY)).toEqual(['lease-e']);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
