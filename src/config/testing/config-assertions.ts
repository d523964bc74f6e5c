import type { LoadConfigResult } from '../load-config.js';

/** The issues of a config that must not load, as `LINE:COL path: message` lines (throws when it loaded). */
export function issueLines(result: LoadConfigResult): string[] {
  if (result.ok) throw new Error('expected issues, got a config');
  return result.issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
}

/**
 * A config with one target whose only probe is `probe` (YAML, its first line after `- `, the rest
 * indented under it): the probe sits on line 6 of the text, so table tests can name exact positions.
 */
export function configWithProbe(probe: string, target = 'host-1'): string {
  const indented = probe
    .trim()
    .split('\n')
    .map((line, i) => (i === 0 ? `      - ${line}` : `        ${line}`))
    .join('\n');
  return `targets:\n  - id: ${target}\n    role: host\n    site: qro\n    probes:\n${indented}\n`;
}
