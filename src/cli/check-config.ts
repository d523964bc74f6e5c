import { formatConfigIssue, loadConfigFile } from '../config/index.js';

/** Where `checkConfig` reads variables and writes its lines. */
export interface CheckConfigIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * `noc check-config FILE`: validates a config file. Returns the exit code: 0 with a one-line summary on
 * `out`, or 1 with every problem as `FILE:LINE:COL path.to.field: message` on `err`.
 */
export async function checkConfig(file: string, io: CheckConfigIo): Promise<number> {
  const result = loadConfigFile(file, { env: io.env });
  if (!result.ok) {
    for (const issue of result.issues) io.err(formatConfigIssue(issue));
    return 1;
  }
  const { targets, rules } = result.config;
  const probes = targets.reduce((sum, target) => sum + target.probes.length, 0);
  io.out(`${file}: OK (${plural(targets.length, 'target')}, ${plural(probes, 'probe')}, ${plural(rules.length, 'rule')})`);
  return 0;
}
