import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../support/free-port.js';

const run = promisify(execFile);

/** The v2c community and v3 user the test agent accepts. */
export const SNMPD_CREDENTIALS = {
  community: 'noc-public',
  user: 'noc',
  auth: { protocol: 'sha', password: 'authpass123' },
  priv: { protocol: 'aes', password: 'privpass123' },
} as const;

/** A running Net-SNMP agent on loopback (v2c community and a v3 authPriv user), numeric OIDs only. */
export interface Snmpd {
  readonly address: string;
  readonly port: number;
  /** `snmpget -v2c -Oqvt` of one OID: the agent's value as the command-line tools print it. */
  snmpget(oid: string): Promise<string>;
  /** Stops the agent but keeps its port and files, for {@link resume}. */
  pause(): Promise<void>;
  /** Starts it again on the same port. */
  resume(): Promise<void>;
  /** Stops the agent by its PID and removes its files. */
  stop(): Promise<void>;
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function config(address: string, port: number): string {
  const { community, user, auth, priv } = SNMPD_CREDENTIALS;
  return [
    `agentAddress udp:${address}:${port}`,
    `rocommunity ${community} ${address}`,
    'sysName test-snmpd',
    `createUser ${user} SHA "${auth.password}" AES "${priv.password}"`,
    `rouser ${user} priv`,
    '',
  ].join('\n');
}

// Debian ships no standard MIBs: the tools must not look for them.
const NO_MIBS = { ...process.env, MIBS: '', MIBDIRS: '/nonexistent' };

/** Starts Debian's snmpd (`binary`, from peerBinary) on `address` with a free UDP port; resolves once it answers. */
export async function startSnmpd(binary: string, address = '127.0.0.1'): Promise<Snmpd> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-snmpd-'));
  const port = await freeUdpPort();
  const file = join(dir, 'snmpd.conf');
  writeFileSync(file, config(address, port));
  const target = `${address}:${port}`;
  const snmpget = async (oid: string): Promise<string> => {
    const { stdout } = await run('snmpget', ['-v2c', '-c', SNMPD_CREDENTIALS.community, '-t', '0.3', '-r', '0', '-Oqvt', target, oid], { env: NO_MIBS });
    return stdout.trim();
  };
  let child: ChildProcess | undefined;
  let log = '';

  const launch = async (): Promise<void> => {
    const env = { ...NO_MIBS, SNMP_PERSISTENT_DIR: join(dir, 'persist') };
    const started = spawn(binary, ['-f', '-Lo', '-C', '-c', file, '-I', '-smux', '-p', join(dir, 'snmpd.pid')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    started.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    child = started;
    try {
      await waitFor(async () => (await snmpget('1.3.6.1.2.1.1.5.0')).includes('test-snmpd'), 10_000);
    } catch (error) {
      await halt();
      throw new Error(`snmpd did not start: ${(error as Error).message}\n${log}`, { cause: error });
    }
  };

  const halt = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    address,
    port,
    snmpget,
    pause: halt,
    resume: launch,
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
