import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);

/** The role with a password (scram-sha-256 over TCP); every other role is trusted on loopback. */
export const PASSWORD_USER = 'noc_pw';
/** The password of {@link PASSWORD_USER}. */
export const PASSWORD = 'right-password';

/** One PostgreSQL server of the pair. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** Runs SQL as the `postgres` superuser on a fresh connection and returns the rows. */
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Stops the server (`pg_ctl stop -m fast`). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

/** A PostgreSQL 15 primary (archiving on) and a streaming replica, both on 127.0.0.1. */
export interface PostgresPair {
  readonly primary: PostgresServer;
  readonly replica: PostgresServer;
  /** Stops both servers and removes their files. */
  stop(): Promise<void>;
}

const HBA = `local all all trust
host all ${PASSWORD_USER} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
`;

async function asPostgres(binary: string, args: string[]): Promise<void> {
  await run('runuser', ['-u', 'postgres', '--', binary, ...args], { timeout: 60_000 });
}

function server(bin: string, dataDir: string, logFile: string, port: number, options: string): PostgresServer {
  const pgCtl = join(bin, 'pg_ctl');
  return {
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
  };
}

/**
 * Starts a primary and a streaming replica of Debian's PostgreSQL 15 (`bin`: its bin directory) on free
 * ports in a temporary directory owned by the postgres user, as the servers refuse to run as root.
 */
export async function startPostgresPair(bin: string): Promise<PostgresPair> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-postgres-'));
  const sock = join(dir, 'sock');
  const archive = join(dir, 'archive');
  mkdirSync(sock);
  mkdirSync(archive);
  const { uid, gid } = await postgresIds();
  for (const path of [dir, sock, archive]) chownSync(path, uid, gid);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const common = `-c listen_addresses=127.0.0.1 -k ${sock} -c fsync=off`;
  const primary = server(bin, join(dir, 'data'), join(dir, 'pg.log'), primaryPort,
    `${common} -p ${primaryPort} -c wal_level=replica -c archive_mode=on -c archive_command='cp %p ${archive}/%f' -c max_wal_senders=4`);
  const replica = server(bin, join(dir, 'replica'), join(dir, 'rep.log'), replicaPort, `${common} -p ${replicaPort} -c archive_mode=off`);
  const stopAll = async () => {
    await Promise.allSettled([replica.stop(), primary.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await asPostgres(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const hba = join(dir, 'data', 'pg_hba.conf');
    writeFileSync(hba, HBA);
    chownSync(hba, uid, gid);
    await primary.start();
    await primary.sql(`CREATE ROLE ${PASSWORD_USER} LOGIN PASSWORD '${PASSWORD}'`);
    await asPostgres(join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', join(dir, 'replica'), '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    await replica.start();
  } catch (error) {
    const log = ['pg.log', 'rep.log'].map((name) => tail(join(dir, name))).join('\n');
    await stopAll();
    throw new Error(`postgres did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return { primary, replica, stop: stopAll };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return `(no ${file} in ${dirname(file)})`;
  }
}
