import type { TargetConfig } from '../../config/index.js';

/** Users behind the given targets (config `targets[].users`), each target counted once; unknown ids add 0. */
export function usersOfTargets(targetIds: readonly string[], targets: readonly TargetConfig[]): number {
  const wanted = new Set(targetIds);
  return targets.reduce((sum, target) => (wanted.has(target.id) ? sum + target.users : sum), 0);
}
