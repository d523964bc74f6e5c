import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { freePort, waitFor } from '../support/free-port.js';

const run = promisify(execFile);

/** The account the probe logs in with (over TCP, with a password), on both servers. */
export const PROBE_USER = 'noc';
/** The password of {@link PROBE_USER}. */
export const PROBE_PASSWORD = 'right-password';
const REPLICATION_USER = 'repl';
const REPLICATION_PASSWORD = 'repl-password';

/** One MariaDB server of the pair. */
export interface MariadbServer {
  readonly host: string;
  readonly port: number;
  /** Runs SQL as root over the server's socket on a fresh connection and returns the rows. */
  sql(text: string): Promise<RowDataPacket[]>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers. */
  start(): Promise<void>;
}

/** A MariaDB primary (binary log on) and a replica following it over GTID, both on 127.0.0.1. */
export interface MariadbPair {
  readonly primary: MariadbServer;
  readonly replica: MariadbServer;
  /** Stops both servers and removes their files. */
  stop(): Promise<void>;
}

function server(binary: string, dir: string, name: string, port: number, extra: string[]): MariadbServer {
  const socket = join(dir, `${name}.sock`);
  let child: ChildProcess | undefined;
  const sql = async (text: string): Promise<RowDataPacket[]> => {
    const connection = await mysql.createConnection({ socketPath: socket, user: 'root' });
    try {
      const [rows] = await connection.query<RowDataPacket[]>(text);
      return rows;
    } finally {
      await connection.end();
    }
  };
  return {
    host: '127.0.0.1',
    port,
    sql,
    async start() {
      // --no-defaults must be the first argument, or the host's my.cnf is read.
      child = spawn(binary, [
        '--no-defaults',
        '--user=mysql',
        `--datadir=${join(dir, name)}`,
        `--socket=${socket}`,
        `--pid-file=${join(dir, `${name}.pid`)}`,
        '--bind-address=127.0.0.1',
        `--port=${port}`,
        `--log-error=${join(dir, `${name}.err`)}`,
        `--tmpdir=${join(dir, `${name}.tmp`)}`,
        '--innodb-buffer-pool-size=32M',
        '--skip-name-resolve',
        '--performance-schema=OFF',
        ...extra,
      ], { stdio: 'ignore' });
      const exited = once(child, 'exit').then(() => {
        throw new Error(`mariadbd ${name} exited`);
      });
      exited.catch(() => undefined);
      await Promise.race([waitFor(async () => (await sql('SELECT 1')).length === 1, 20_000), exited]);
    },
    async stop() {
      const current = child;
      child = undefined;
      if (current === undefined || current.exitCode !== null) return;
      const exit = once(current, 'exit');
      current.kill('SIGTERM');
      await exit;
    },
  };
}

/**
 * Starts a MariaDB primary and a replica of it (`binary`: mariadbd) on free ports in a temporary directory
 * owned by the mysql user, with {@link PROBE_USER} created on the primary and replicated.
 */
export async function startMariadbPair(binary: string): Promise<MariadbPair> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-mariadb-'));
  const { uid, gid } = await mysqlIds();
  // Own temporary directories: servers sharing /tmp (other suites, install runs) clash on temp table names.
  for (const path of [dir, join(dir, 'p.tmp'), join(dir, 'r.tmp')]) {
    mkdirSync(path, { recursive: true });
    chownSync(path, uid, gid);
  }
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primary = server(binary, dir, 'p', primaryPort, ['--server-id=1', `--log-bin=${join(dir, 'p', 'binlog')}`]);
  const replica = server(binary, dir, 'r', replicaPort, ['--server-id=2', '--read-only=ON']);
  const stopAll = async () => {
    await Promise.allSettled([replica.stop(), primary.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(['p', 'r'].map((name) => installDb(join(dir, name), join(dir, `${name}.tmp`))));
    await Promise.all([primary.start(), replica.start()]);
    await primary.sql(`CREATE USER '${REPLICATION_USER}'@'127.0.0.1' IDENTIFIED BY '${REPLICATION_PASSWORD}'`);
    await primary.sql(`GRANT REPLICATION SLAVE ON *.* TO '${REPLICATION_USER}'@'127.0.0.1'`);
    await primary.sql(`CREATE USER '${PROBE_USER}'@'%' IDENTIFIED BY '${PROBE_PASSWORD}'`);
    await primary.sql(`GRANT SLAVE MONITOR ON *.* TO '${PROBE_USER}'@'%'`);
    await replica.sql(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primaryPort}, MASTER_USER='${REPLICATION_USER}', ` +
        `MASTER_PASSWORD='${REPLICATION_PASSWORD}', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
    );
    await replica.sql('START SLAVE');
    await waitFor(async () => (await replica.sql(`SELECT 1 FROM mysql.user WHERE User = '${PROBE_USER}'`)).length === 1, 20_000);
  } catch (error) {
    const log = ['p.err', 'r.err'].map((name) => tail(join(dir, name))).join('\n');
    await stopAll();
    throw new Error(`mariadb did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return { primary, replica, stop: stopAll };
}

async function installDb(dataDir: string, tmpDir: string): Promise<void> {
  const args = ['--no-defaults', '--user=mysql', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', `--tmpdir=${tmpDir}`];
  await run('mariadb-install-db', args, { timeout: 60_000 });
}

async function mysqlIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'mysql']), run('id', ['-g', 'mysql'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return `(no ${file})`;
  }
}
