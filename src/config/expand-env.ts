import { Scalar, parseDocument, type Document } from 'yaml';
import type { PathIssue } from './config-issue.js';
import { walkScalars } from './yaml-walk.js';

/** Environment variables available to `${VAR}` references. */
export type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value of `doc`, in place. An unquoted value that
 * becomes a number or boolean is typed again (`port: ${PORT}` gives a number), as if it had been written out.
 */
export function expandEnv(doc: Document, env: Env): PathIssue[] {
  const issues: PathIssue[] = [];
  walkScalars(doc.contents, (scalar, path) => {
    if (typeof scalar.value !== 'string' || !scalar.value.includes('${')) return;
    const expanded = scalar.value.replace(REFERENCE, (whole, name: string, fallback: string | undefined) => {
      const value = env[name];
      if (value !== undefined && (value !== '' || fallback === undefined)) return value;
      if (fallback !== undefined) return fallback;
      issues.push({ path, message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)` });
      return whole;
    });
    scalar.value = scalar.type === Scalar.PLAIN ? retype(expanded) : expanded;
  });
  return issues;
}

function retype(text: string): unknown {
  const parsed: unknown = parseDocument(text).contents;
  if (parsed instanceof Scalar && (typeof parsed.value === 'number' || typeof parsed.value === 'boolean')) {
    return parsed.value;
  }
  return text;
}
