import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TS_NODE_ARGS } from './run-ts.js';

const NOC = resolve('src/cli/noc.ts');

/** A `noc …` child process with its output kept for failure messages. */
export interface NocChild {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once it has exited. */
  readonly exited: Promise<number | string | null>;
  /** Whether it is still running. */
  running(): boolean;
  /** Sends `signal` (SIGTERM by default) unless it has exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `noc ARGS` in `cwd` (TypeScript run through tsx). */
export function spawnNoc(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): NocChild {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, NOC, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string | null>((done) => child.once('exit', (code, signal) => done(code ?? signal)));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => output,
    exited,
    running,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!running()) return;
      child.kill(signal);
      // A process that ignores SIGTERM for long is killed outright, so cleanup never hangs.
      const killer = setTimeout(() => running() && child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
