import type { ConfigPath } from './yaml-walk.js';

/** One problem in a config file, positioned in its source. */
export interface ConfigIssue {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
  /** Dotted path of the field, list indexes as numbers: `targets.1.probes.0.timeout`. */
  readonly path: string;
  readonly message: string;
}

/** A problem found before positioning: where in the config tree, and what. */
export interface PathIssue {
  readonly path: ConfigPath;
  readonly message: string;
  /** Point at the key rather than its value (unknown keys). */
  readonly at?: 'key' | 'value';
}

/** Renders an issue as `FILE:LINE:COL path.to.field: message`, the format editors and CI understand. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const path = issue.path === '' ? '' : `${issue.path}: `;
  return `${issue.file}:${issue.line}:${issue.col} ${path}${issue.message}`;
}

/** Dotted form of a path. */
export function dottedPath(path: ConfigPath): string {
  return path.join('.');
}

/** Issues in source order (line, then column); stable for issues at one spot. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col);
}
