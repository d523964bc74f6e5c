import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort, waitFor } from '../support/free-port.js';
import { peerBinary } from './peer-binary.js';

const BINARY = '/usr/bin/prometheus-node-exporter';

// Few collectors keep the scrape quick and the output stable on any machine; the exporter's own go_* and
// process_* metrics come along regardless (a summary among them).
const COLLECTORS = ['--collector.disable-defaults', '--collector.cpu', '--collector.meminfo', '--collector.loadavg'];

/** A real node_exporter listening on 127.0.0.1. */
export interface NodeExporter {
  /** Its metrics endpoint. */
  readonly url: string;
  /** Stops the exporter and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts Debian's prometheus-node-exporter on a free port; undefined (with the reason printed) when it is not installed locally. */
export async function startNodeExporter(): Promise<NodeExporter | undefined> {
  const binary = peerBinary(BINARY, 'apt-get install prometheus-node-exporter');
  if (binary === undefined) return undefined;
  const port = await freePort();
  const child = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`, ...COLLECTORS], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}/metrics`;
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`node_exporter exited with ${child.exitCode}: ${stderr}`);
      return (await fetch(url)).ok;
    });
  } catch (error) {
    await stop(child);
    throw new Error(`node_exporter did not come up on ${url}: ${stderr}`, { cause: error });
  }
  return { url, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
