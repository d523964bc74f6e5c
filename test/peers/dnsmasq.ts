import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { join } from 'node:path';

/** A running dnsmasq answering for the given records. */
export interface Dnsmasq {
  /** `127.0.0.1:PORT`, for `dns_server` and `Resolver.setServers`. */
  readonly server: string;
  stop(): Promise<void>;
}

/** One A/AAAA record: a name and one of its addresses (repeat the name for several). */
export interface HostRecord {
  readonly name: string;
  readonly address: string;
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * Starts dnsmasq on 127.0.0.1 (PEERS.md recipe), authoritative for `domain` so names without an AAAA record
 * answer "no data" instead of "refused", and resolves once the first record answers.
 */
export async function startDnsmasq(binary: string, records: readonly HostRecord[], domain: string, dir: string): Promise<Dnsmasq> {
  const port = await freeUdpPort();
  const args = [
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    `--port=${port}`,
    '--pid-file=',
    `--local=/${domain}/`,
    `--log-facility=${join(dir, 'dnsmasq.log')}`,
    ...records.map((record) => `--host-record=${record.name},${record.address}`),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const server = `127.0.0.1:${port}`;
  try {
    await untilAnswering(child, server, records[0]?.name ?? `probe.${domain}`);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`dnsmasq did not start: ${(error as Error).message} ${stderr}`.trim(), { cause: error });
  }
  return { server, stop: () => stop(child) };
}

async function untilAnswering(child: ChildProcess, server: string, name: string): Promise<void> {
  const resolver = new dns.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([server]);
  const deadline = Date.now() + 5_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      await resolver.resolve4(name);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
