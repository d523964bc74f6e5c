import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../support/free-port.js';
import { PASSWORD, PASSWORD_USER, type PostgresServer } from './postgres.js';

const run = promisify(execFile);

/** One PostgreSQL 15 server on 127.0.0.1 with its own data directory, for stores that need a database. */
export interface PostgresTestServer extends PostgresServer {
  /** A connection URL for `database` as the trusted `postgres` superuser. */
  url(database: string): string;
  /** Creates a fresh, empty database with a unique name and returns its URL. */
  createDatabase(): Promise<string>;
  /**
   * Empties every table of the database at `url` but `schema_migrations` and restarts its sequences: the
   * storage a freshly migrated database has, at a fraction of CREATE DATABASE's cost.
   */
  emptyDatabase(url: string): Promise<void>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

const HBA = `local all all trust
host all ${PASSWORD_USER} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
`;

/**
 * The statements that empty every table of the connected database but `schema_migrations` and restart its
 * sequences. Tables that others reference go last; DELETE on a few rows is quicker than TRUNCATE's file swaps.
 */
export async function emptyingSql(db: { query(text: string): Promise<{ rows: unknown[] }> }): Promise<string> {
  const { rows } = await db.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
     ORDER BY (SELECT count(*) FROM pg_constraint f WHERE f.confrelid = c.oid AND f.contype = 'f')`,
  );
  const deletes = (rows as { name: string }[]).map((row) => `DELETE FROM "${row.name}";`).join(' ');
  return `${deletes} SELECT setval(c.oid::regclass, 1, false) FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S'`;
}

async function asPostgres(binary: string, args: string[]): Promise<void> {
  await run('runuser', ['-u', 'postgres', '--', binary, ...args], { timeout: 60_000 });
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts Debian's PostgreSQL 15 (`bin`: its bin directory) on a free loopback port in a temporary
 * directory owned by the postgres user (the server refuses to run as root). Same trust rules as
 * {@link startPostgresPair}'s primary: every role trusted on loopback except {@link PASSWORD_USER}.
 */
export async function startPostgresServer(bin: string): Promise<PostgresTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-postgres-server-'));
  const sock = join(dir, 'sock');
  mkdirSync(sock);
  const { uid, gid } = await postgresIds();
  for (const path of [dir, sock]) chownSync(path, uid, gid);
  const port = await freePort();
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'pg.log');
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${sock} -c fsync=off -c max_connections=200`;
  const pgCtl = join(bin, 'pg_ctl');
  let databases = 0;
  const server: PostgresTestServer = {
    host: '127.0.0.1',
    port,
    async sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
      const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await client.connect();
      try {
        return (await client.query<R>(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    stop: () => asPostgres(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']),
    start: () => asPostgres(pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options, 'start']),
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase() {
      databases++;
      const name = `noc_test_${process.pid}_${databases}`;
      await server.sql(`CREATE DATABASE ${name}`);
      return server.url(name);
    },
    async emptyDatabase(url) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(await emptyingSql(client));
      } finally {
        await client.end();
      }
    },
    async destroy() {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await asPostgres(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const hba = join(dataDir, 'pg_hba.conf');
    writeFileSync(hba, HBA);
    chownSync(hba, uid, gid);
    await server.start();
    await server.sql(`CREATE ROLE ${PASSWORD_USER} LOGIN PASSWORD '${PASSWORD}'`);
  } catch (error) {
    let log: string;
    try {
      log = readFileSync(logFile, 'utf8').slice(-2000);
    } catch {
      log = '(no server log)';
    }
    await server.destroy();
    throw new Error(`postgres did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return server;
}
