#!/usr/bin/env node
// The `noc` command.
import { parseArgs } from 'node:util';
import { splitHostPort } from '../config/index.js';
import { isNocError } from '../core/index.js';
import { checkConfig } from './check-config.js';
import { createLogger, LOG_LEVELS } from './create-logger.js';
import { FORENSICS_USAGE, forensicsCommand } from './forensics-command.js';
import { LAB_USAGE, labCommand, labNet, startCliLab } from './lab-command.js';
import { REPORT_USAGE, reportCommand } from './report-command.js';
import { parseRole, parseShard, runsDashboard } from './roles/noc-role.js';
import { chooseConfigFile, startNoc } from './start.js';
import { testRules } from './test-rules.js';

const USAGE = `usage:
  noc start [--config FILE] [--log-level debug|info|warn|error] [--role all|collector|alerter|dashboard]
            [--shard INDEX/COUNT] [--listen HOST:PORT]
      collectors, alerter and dashboard; without --config uses ./noc.yaml, else starts the lab network
      and the bundled demo config that monitors it (NOC_LAB_NET moves the lab, NOC_LISTEN the API);
      --role runs one part (collector: polls its --shard of the targets; alerter: active/passive on the
      PostgreSQL incident store; dashboard: API and console), --listen overrides server.listen
  noc check-config FILE
      validates FILE; prints every problem as FILE:LINE:COL path.to.field: message and exits 1
  noc test-rules FILE
      runs the alerting rule unit tests in FILE (after promtool test rules); exits 0 when all pass,
      1 when one fails, 2 when FILE or a rule file it names is unreadable or invalid
${LAB_USAGE}
${FORENSICS_USAGE}
${REPORT_USAGE}
  noc help`;

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', short: 'c' },
      'log-level': { type: 'string', default: 'info' },
      role: { type: 'string', default: 'all' },
      shard: { type: 'string' },
      listen: { type: 'string' },
    },
    strict: true,
  });
  const level = values['log-level'] as (typeof LOG_LEVELS)[number];
  if (!LOG_LEVELS.includes(level)) throw new Error(`--log-level: expected one of ${LOG_LEVELS.join(', ')}`);
  const role = parseRole(values.role);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.listen !== undefined && splitHostPort(values.listen) === undefined) {
    throw new Error(`--listen: expected host:port, such as 127.0.0.1:9700, got "${values.listen}"`);
  }
  const net = labNet(undefined, process.env);
  const { file, notice, lab: withLab } = chooseConfigFile(values.config, process.cwd(), net);
  console.log(notice);
  const log = createLogger(level);
  const lab = withLab ? await startCliLab({ net, cwd: process.cwd(), log }) : undefined;
  if (lab !== undefined) console.log(`noc: the demo's notifications arrive in the lab's mailbox: ${lab.mailUrl}`);
  // The demo config finds the lab through these, so NOC_LAB_NET moves both together.
  const env = lab === undefined ? process.env : { ...process.env, NOC_LAB_NET: net, ...(lab.caFile === undefined ? {} : { NOC_LAB_CA: lab.caFile }) };
  let noc;
  try {
    noc = await startNoc({ file, env, log, role, ...(shard === undefined ? {} : { shard }), ...(values.listen === undefined ? {} : { listen: values.listen }) });
  } catch (error) {
    await lab?.stop();
    if (isNocError(error, 'invalid_config') && Array.isArray((error.details as { errors?: unknown })?.errors)) {
      for (const line of (error.details as { errors: string[] }).errors) console.error(line);
      return 1;
    }
    throw error;
  }
  const running = noc;
  if (runsDashboard(role)) {
    console.log(`noc: the wall screen is at ${running.url}/wall and the operator console at ${running.url}/`);
  } else {
    console.log(`noc: ${role} running; health and metrics at ${running.url}/metrics`);
  }
  process.on('SIGHUP', () => void running.reloader.reload('SIGHUP'));
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      void running.stop().then(() => lab?.stop()).then(resolve, (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(rest);
    case 'lab':
      return labCommand(rest, { env: process.env, cwd: process.cwd(), io: { out: console.log, err: console.error }, log: () => createLogger('info') });
    case 'forensics':
      return forensicsCommand(rest, { env: process.env, io: { out: console.log, err: console.error } });
    case 'report':
      return reportCommand(rest, { env: process.env, io: { out: console.log, err: console.error } });
    case 'check-config': {
      if (rest.length !== 1) {
        console.error('usage: noc check-config FILE');
        return 2;
      }
      return checkConfig(rest[0] as string, { env: process.env, out: console.log, err: console.error });
    }
    case 'test-rules': {
      if (rest.length !== 1) {
        console.error('usage: noc test-rules FILE');
        return 2;
      }
      return testRules(rest[0] as string, { env: process.env, out: console.log, err: console.error });
    }
    case 'help':
    case '--help':
    case '-h':
    case undefined:
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`noc: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`noc: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
