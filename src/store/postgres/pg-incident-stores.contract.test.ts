import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { emptyingSql, type PostgresTestServer, startPostgresServer } from '../../../test/peers/postgres-server.js';
import { freePort } from '../../../test/support/free-port.js';
import { ManualClock } from '../../core/index.js';
import { describeIncidentStoreContract, type IncidentStores } from '../incident-store.case.js';
import { openPgDatabase, type PgDatabase } from './pg-database.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { pgStores } from './pg-stores.js';

const BIN = '/usr/lib/postgresql/15/bin';
const available = peerBinary(`${BIN}/postgres`, 'PostgreSQL 15 server: apt-get install postgresql-15') !== undefined;

describe.skipIf(!available)('PostgreSQL incident-side stores', () => {
  let server: PostgresTestServer;
  beforeAll(async () => {
    server = await startPostgresServer(BIN);
  }, 60_000);
  afterAll(async () => {
    await server?.destroy();
  });

  /** One database per contract run, with a pool kept open across its cases to empty it between them. */
  interface Run {
    readonly url: string;
    readonly db: PgDatabase;
    readonly empty: string;
  }
  const runs = new Map<string, Promise<Run>>();
  afterAll(async () => {
    await Promise.all([...runs.values()].map(async (run) => (await run).db.close()));
  });

  // CREATE DATABASE plus migrating costs ~0.5 s a case; emptying the run's database costs one round trip.
  async function emptyRun(name: string): Promise<Run> {
    if (!runs.has(name)) {
      runs.set(
        name,
        (async () => {
          const url = await server.createDatabase();
          const db = await openPgDatabase(url, { maxConnections: 4 });
          return { url, db, empty: await emptyingSql(db) };
        })(),
      );
    }
    const run = await (runs.get(name) as Promise<Run>);
    await run.db.query(run.empty);
    return run;
  }

  /** Stores over `db`; `owned` pools are closed by close() and reopen(), the run's shared pool is left open. */
  function storesOn(db: PgDatabase, url: string, owned: boolean): IncidentStores {
    const stores = pgStores(db, new ManualClock(0));
    return {
      incidents: stores.incidents,
      silences: stores.silences,
      outbox: stores.outbox,
      users: stores.users,
      close: async () => {
        if (owned) await db.close();
      },
      async reopen() {
        if (owned) await db.close();
        return storesOn(await openPgDatabase(url, { maxConnections: 4 }), url, true);
      },
    };
  }

  describeIncidentStoreContract('postgres, emptied database', async () => {
    const run = await emptyRun('fresh');
    return storesOn(run.db, run.url, false);
  });

  describeIncidentStoreContract('postgres, reopened database', async () => {
    const run = await emptyRun('reopened');
    return storesOn(run.db, run.url, false).reopen();
  });

  describe('schema', () => {
    it('records every migration once and creates the incident-side tables', async () => {
      const db = await openPgDatabase(await server.createDatabase());
      try {
        const versions = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(versions.rows.map((row) => row.version)).toEqual([1, 2]);
        const tables = await db.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
        );
        expect(tables.rows.map((row) => row.name)).toEqual([
          'alert_state', 'forensic_snapshots', 'inbound_mail', 'incident_sequences', 'incident_timeline', 'incidents',
          'maintenance_windows', 'notification_groups', 'outbox', 'probe_state', 'schema_migrations', 'sessions',
          'silences', 'users',
        ]);
      } finally {
        await db.close();
      }
    });

    it('refuses a database whose schema is newer than the program, with unavailable', async () => {
      const url = await server.createDatabase();
      await (await openPgDatabase(url)).close();
      const newer = [...PG_MIGRATIONS, { version: 3, description: 'later', sql: 'CREATE TABLE later (id integer)' }];
      await (await openPgDatabase(url, { migrations: newer })).close();
      await expect(openPgDatabase(url)).rejects.toMatchObject({
        code: 'unavailable',
        message: 'database schema version 3 is newer than this program knows (2); upgrade the program',
      });
    });

    it('fails with unavailable, naming host, port and database but no password, when nothing listens', async () => {
      const port = await freePort();
      const url = `postgres://noc:secret-pw@127.0.0.1:${port}/nowhere`;
      const opened = openPgDatabase(url, { connectTimeoutMs: 2000 });
      await expect(opened).rejects.toMatchObject({ code: 'unavailable' });
      await expect(opened).rejects.toThrow(`127.0.0.1:${port}/nowhere`);
      await expect(opened.catch((error: Error) => error.message)).resolves.not.toContain('secret-pw');
    });

    it('applies the pool size and statement timeout options; a timed-out statement is a timeout error', async () => {
      const db = await openPgDatabase(await server.createDatabase(), { maxConnections: 2, statementTimeoutMs: 200 });
      try {
        expect(db.pool.options.max).toBe(2);
        expect((await db.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '200ms' }]);
        await expect(db.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: 'timeout' });
        await expect(db.transaction((client) => client.query('SELECT pg_sleep(5)'))).rejects.toMatchObject({ code: 'timeout' });
        expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await db.close();
      }
    });

    it('rolls a failed transaction back', async () => {
      const db = await openPgDatabase(await server.createDatabase());
      try {
        const failing = db.transaction(async (client) => {
          await client.query(`INSERT INTO probe_state (key, value, updated_at) VALUES ('k', '1', 0)`);
          throw new Error('stop here');
        });
        await expect(failing).rejects.toThrow('stop here');
        expect((await db.query('SELECT key FROM probe_state')).rows).toEqual([]);
      } finally {
        await db.close();
      }
    });

    it('refuses a URL that is not postgres://', async () => {
      await expect(openPgDatabase('mysql://127.0.0.1/noc')).rejects.toMatchObject({ code: 'bad_request' });
    });
  });
});
