import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';
import { influxConfig } from '../peers/influxdb.js';
import { victoriaMetricsArgs } from '../peers/victoria-metrics.js';

/**
 * A real server on 127.0.0.1 that can be killed and started again on the same port and data directory, so a
 * test can take a remote store away and bring it back with what it had acknowledged.
 */
export interface RestartablePeer {
  /** `http://127.0.0.1:PORT`, the same across restarts. */
  readonly url: string;
  /** True between a start that answered its health check and the next stop. */
  readonly running: boolean;
  /** Kills the server (SIGKILL by default) and waits for it to exit; its data directory stays. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory and waits until it answers. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

interface PeerSpec {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly ready: () => Promise<boolean>;
}

function restartable(dir: string, url: string, spec: PeerSpec): RestartablePeer {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = '';

  const stop = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.pid === undefined || running.exitCode !== null || running.signalCode !== null) return;
    process.kill(running.pid, signal);
    const killer = setTimeout(() => running.pid !== undefined && running.exitCode === null && process.kill(running.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };

  const start = async (): Promise<void> => {
    if (child !== undefined) throw new Error(`${spec.name} is already running`);
    log = '';
    const started = spawn(spec.binary, [...spec.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    started.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    child = started;
    try {
      await waitFor(spec.ready, 20_000);
    } catch (error) {
      await stop();
      throw new Error(`${spec.name} did not start: ${(error as Error).message}\n${log}`, { cause: error });
    }
  };

  return {
    url,
    get running() {
      return child !== undefined;
    },
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A restartable VictoriaMetrics: its restart must find what it acknowledged, so it keeps one data directory. */
export interface RestartableVictoriaMetrics extends RestartablePeer {
  /** Makes acknowledged rows searchable and written to its data directory now (`/internal/force_flush`). */
  forceFlush(): Promise<void>;
}

/** Starts Debian's victoria-metrics (`binary`) on a free loopback port, with the harness's flags. */
export async function startRestartableVictoriaMetrics(binary: string): Promise<RestartableVictoriaMetrics> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-vm-restart-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = victoriaMetricsArgs(port, join(dir, 'vm'));
  const peer = restartable(dir, url, { name: 'victoria-metrics', binary, args, ready: async () => (await fetch(`${url}/health`)).ok });
  const forceFlush = async (): Promise<void> => {
    const response = await fetch(`${url}/internal/force_flush`);
    if (!response.ok) throw new Error(`victoria-metrics force_flush ${response.status}: ${await response.text()}`);
  };
  await peer.start();
  return Object.assign(peer, { forceFlush });
}

/** A restartable InfluxDB 1.x with one database. */
export interface RestartableInflux extends RestartablePeer {
  readonly database: string;
}

/** Starts Debian's influxd (`binary`) on free loopback ports and creates `database` (it survives restarts). */
export async function startRestartableInflux(binary: string, database = 'noc'): Promise<RestartableInflux> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-influx-restart-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const file = join(dir, 'influxdb.conf');
  writeFileSync(file, influxConfig(dir, httpPort, rpcPort));
  const url = `http://127.0.0.1:${httpPort}`;
  const peer = restartable(dir, url, { name: 'influxd', binary, args: ['run', '-config', file], ready: async () => (await fetch(`${url}/ping`)).status === 204 });
  await peer.start();
  const created = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q: `CREATE DATABASE "${database}"` }) });
  if (!created.ok) {
    await peer.dispose();
    throw new Error(`influxd CREATE DATABASE ${created.status}: ${await created.text()}`);
  }
  return Object.assign(peer, { database });
}
