import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../support/free-port.js';

/** A running InfluxDB 1.x (HTTP API `/ping`, `/write`, `/query`) on 127.0.0.1. */
export interface InfluxServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The database created at start. */
  readonly database: string;
  /** Runs one InfluxQL statement (POST /query) and returns the parsed JSON answer. */
  query(statement: string, database?: string): Promise<unknown>;
  /** Stops the server by its PID and removes its directory. */
  stop(): Promise<void>;
}

/** influxd's configuration: loopback only, data under `dir`, nothing reported or logged. */
export function influxConfig(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  index-version = "inmem"
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  max-row-limit = 0
[continuous_queries]
  enabled = false
[monitor]
  store-enabled = false
[subscriber]
  enabled = false
`;
}

// Every write fsyncs the WAL: on a roomy RAM disk the contract's thousands of appends take half the time.
function baseDir(): string {
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.bavail * shm.bsize > 512 * 1024 * 1024) return '/dev/shm';
  } catch {
    // no /dev/shm
  }
  return tmpdir();
}

/** Starts Debian's influxd (`binary`, from peerBinary) on free loopback ports and creates `database`. */
export async function startInflux(binary: string, database = 'noc'): Promise<InfluxServer> {
  const dir = mkdtempSync(join(baseDir(), 'noc-influx-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const file = join(dir, 'influxdb.conf');
  writeFileSync(file, influxConfig(dir, httpPort, rpcPort));
  const url = `http://127.0.0.1:${httpPort}`;
  let log = '';
  const child: ChildProcess = spawn(binary, ['run', '-config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      const killer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const query = async (statement: string, db?: string): Promise<unknown> => {
    const body = new URLSearchParams({ q: statement, ...(db === undefined ? {} : { db }) });
    const response = await fetch(`${url}/query`, { method: 'POST', body });
    const text = await response.text();
    if (!response.ok) throw new Error(`influxd ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  };

  try {
    await waitFor(async () => (await fetch(`${url}/ping`)).status === 204, 15_000);
    await query(`CREATE DATABASE "${database}"`);
  } catch (error) {
    await stop();
    throw new Error(`influxd did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return { url, database, query, stop };
}
