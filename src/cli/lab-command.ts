import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock, type Logger } from '../core/index.js';
import { DEFAULT_LAB_NET, FAULT_DESCRIPTIONS, LabAddresses, startLab, type RunningLab } from '../lab/index.js';

/** Usage of `noc lab`. */
export const LAB_USAGE = `  noc lab [--net ${DEFAULT_LAB_NET}] [--data DIR]
      runs only the lab network (cores, SBCs, databases, HTTPS servers on NET.0/24) until Ctrl-C
  noc lab fault TARGET KIND [--for DURATION] [--net NET]
      injects a fault: ${Object.keys(FAULT_DESCRIPTIONS).join('|')}
  noc lab clear TARGET [KIND] [--net NET]
  noc lab status [--net NET]`;

/** Where the CLI writes. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** The lab's net from `--net`, else NOC_LAB_NET, else the default. */
export function labNet(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? env.NOC_LAB_NET ?? DEFAULT_LAB_NET;
}

/** Starts the lab with its certificate authority under `<cwd>/data/lab` unless `dataDir` says otherwise. */
export function startCliLab(options: { net: string; dataDir?: string; cwd: string; log: Logger }): Promise<RunningLab> {
  return startLab({ net: options.net, clock: systemClock, log: options.log, dataDir: resolve(options.cwd, options.dataDir ?? 'data/lab') });
}

interface ControlReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function callControl(net: string, method: string, path: string, body?: unknown): Promise<ControlReply> {
  const url = `${new LabAddresses(net).controlUrl}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      signal: AbortSignal.timeout(5_000),
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  } catch {
    throw new Error(`no lab answers at ${url}: start it with \`noc lab\` or \`noc start\` (or give --net)`);
  }
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function failure(reply: ControlReply): string {
  const error = reply.body.error as { message?: string } | undefined;
  return error?.message ?? `the lab answered HTTP ${reply.status}`;
}

interface FaultView {
  readonly target: string;
  readonly kind: string;
  readonly until?: number;
}

function describeFault(fault: FaultView): string {
  return `${fault.target} ${fault.kind}${fault.until === undefined ? ' until cleared' : ` until ${new Date(fault.until).toISOString()}`}`;
}

async function faultCommand(args: string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { for: { type: 'string' }, net: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 2) {
    io.err(`usage: noc lab fault TARGET KIND [--for DURATION]\n  KIND: ${Object.entries(FAULT_DESCRIPTIONS).map(([kind, what]) => `\n    ${kind}: ${what}`).join('')}`);
    return 2;
  }
  const [target, kind] = positionals as [string, string];
  const reply = await callControl(labNet(values.net, env), 'POST', '/faults', { target, kind, ...(values.for === undefined ? {} : { duration: values.for }) });
  if (reply.status !== 201) {
    io.err(`noc lab fault: ${failure(reply)}`);
    return 1;
  }
  io.out(`lab: ${describeFault(reply.body.fault as FaultView)}`);
  return 0;
}

async function clearCommand(args: string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { net: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length < 1 || positionals.length > 2) {
    io.err('usage: noc lab clear TARGET [KIND]');
    return 2;
  }
  const [target, kind] = positionals as [string, string | undefined];
  const query = kind === undefined ? '' : `?kind=${encodeURIComponent(kind)}`;
  const reply = await callControl(labNet(values.net, env), 'DELETE', `/faults/${encodeURIComponent(target)}${query}`);
  if (reply.status !== 200) {
    io.err(`noc lab clear: ${failure(reply)}`);
    return 1;
  }
  const cleared = reply.body.cleared as FaultView[];
  io.out(cleared.length === 0 ? `lab: ${target} had no fault` : cleared.map((fault) => `lab: cleared ${fault.target} ${fault.kind}`).join('\n'));
  return 0;
}

async function statusCommand(args: string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<number> {
  const { values } = parseArgs({ args, options: { net: { type: 'string' } }, strict: true });
  const net = labNet(values.net, env);
  const nodes = (await callControl(net, 'GET', '/nodes')).body.nodes as { id: string; role: string; site: string; address: string }[];
  const faults = (await callControl(net, 'GET', '/faults')).body.faults as FaultView[];
  for (const node of nodes) {
    const active = faults.filter((fault) => fault.target === node.id).map((fault) => fault.kind);
    io.out(`${node.id.padEnd(10)} ${node.role.padEnd(9)} ${node.site.padEnd(3)} ${node.address.padEnd(15)} ${active.length === 0 ? 'ok' : active.join(', ')}`);
  }
  return 0;
}

/** `noc lab …`: runs the lab, or drives a running one. */
export async function labCommand(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; io: CliOutput; log: () => Logger }): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'fault') return faultCommand(rest, options.env, options.io);
  if (sub === 'clear') return clearCommand(rest, options.env, options.io);
  if (sub === 'status') return statusCommand(rest, options.env, options.io);
  const { values } = parseArgs({ args, options: { net: { type: 'string' }, data: { type: 'string' } }, strict: true });
  const net = labNet(values.net, options.env);
  const lab = await startCliLab({ net, cwd: options.cwd, log: options.log(), ...(values.data === undefined ? {} : { dataDir: values.data }) });
  options.io.out(`noc lab: the lab network is up on ${net}.0/24; inject faults with \`noc lab fault TARGET KIND\` (control API ${lab.controlUrl})`);
  options.io.out(`noc lab: mail sent to the lab's SMTP server ${lab.smtp} is shown at ${lab.mailUrl}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await lab.stop();
  return 0;
}
