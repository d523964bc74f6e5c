import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../support/free-port.js';

/** A running single-node VictoriaMetrics on 127.0.0.1 with its own fresh data directory. */
export interface VictoriaMetricsServer {
  /** `http://127.0.0.1:PORT`: both the insert and the select URL of a single node. */
  readonly url: string;
  /** Makes every acknowledged row searchable now (`/internal/force_flush`) instead of within seconds. */
  forceFlush(): Promise<void>;
  /** Stops the server by its PID and removes its directory. */
  stop(): Promise<void>;
}

/** victoria-metrics' flags: loopback only, fresh reads (no cache, no latency offset), little memory. */
export function victoriaMetricsArgs(port: number, dataPath: string, retention = '100y'): string[] {
  return [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${dataPath}`,
    `-retentionPeriod=${retention}`,
    '-search.latencyOffset=0s',
    '-search.disableCache',
    '-memory.allowedPercent=10',
    '-loggerLevel=ERROR',
  ];
}

/**
 * Starts Debian's victoria-metrics (`binary`, from peerBinary) on a free loopback port. The retention is
 * long so that tests may write at fixed dates in the past (VictoriaMetrics drops rows older than it).
 */
export async function startVictoriaMetrics(binary: string, retention = '100y'): Promise<VictoriaMetricsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-vm-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = victoriaMetricsArgs(port, join(dir, 'vm'), retention);
  let log = '';
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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

  const forceFlush = async (): Promise<void> => {
    const response = await fetch(`${url}/internal/force_flush`);
    if (!response.ok) throw new Error(`victoria-metrics force_flush ${response.status}: ${await response.text()}`);
  };

  try {
    await waitFor(async () => (await fetch(`${url}/health`)).ok, 15_000);
  } catch (error) {
    await stop();
    throw new Error(`victoria-metrics did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return { url, forceFlush, stop };
}
