import { NocError } from '../../core/index.js';

/** What one `noc start` process runs. */
export const NOC_ROLES = ['all', 'collector', 'alerter', 'dashboard'] as const;
/** What one `noc start` process runs: everything (one machine), or one part of a deployment over several processes. */
export type NocRole = (typeof NOC_ROLES)[number];

/** Whether the role polls targets. */
export const runsCollector = (role: NocRole): boolean => role === 'all' || role === 'collector';
/** Whether the role evaluates rules, opens incidents and sends notifications (while it holds the lease). */
export const runsAlerter = (role: NocRole): boolean => role === 'all' || role === 'alerter';
/** Whether the role serves the API, the console and the live stream. */
export const runsDashboard = (role: NocRole): boolean => role === 'all' || role === 'dashboard';

/** Parses `--role`. */
export function parseRole(text: string): NocRole {
  if (!(NOC_ROLES as readonly string[]).includes(text)) throw new NocError('bad_request', `--role: expected one of ${NOC_ROLES.join(', ')}, got "${text}"`);
  return text as NocRole;
}

/** Parses `--shard i/n` (0 ≤ i < n). */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new NocError('bad_request', `--shard: expected INDEX/COUNT with 0 ≤ INDEX < COUNT, such as 0/2 or 2/3, got "${text}"`);
  }
  return { index, count };
}
