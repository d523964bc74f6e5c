import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Scalar, isScalar, type Document } from 'yaml';
import type { PathIssue } from './config-issue.js';
import { findPair, keyText, walkMaps } from './yaml-walk.js';

/** Reads a file as UTF-8 text; injectable so tests need no disk. */
export type ReadTextFile = (path: string) => string;

const SUFFIX = '_file';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/**
 * Replaces every `X_file: PATH` by `X: <content of PATH>` (one trailing newline removed), in place, so
 * secrets stay out of the config file. Relative paths resolve against `baseDir`. Contents are never echoed.
 */
export function resolveSecretFiles(doc: Document, baseDir: string, read: ReadTextFile = defaultRead): PathIssue[] {
  const issues: PathIssue[] = [];
  walkMaps(doc.contents, (map, path) => {
    for (const pair of map.items) {
      const key = keyText(pair.key);
      if (!key.endsWith(SUFFIX) || key.length === SUFFIX.length) continue;
      const target = key.slice(0, -SUFFIX.length);
      const here = [...path, key];
      if (findPair(map, target)) {
        issues.push({ path: here, at: 'key', message: `give either ${target} or ${key}, not both` });
        continue;
      }
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof value !== 'string' || value === '') {
        issues.push({ path: here, message: 'expected the path of a file' });
        continue;
      }
      let content = '';
      try {
        content = read(resolve(baseDir, value)).replace(/\r?\n$/, '');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        // Reported under the secret's own name, which the schema then sees (empty) instead of an unknown key.
        issues.push({ path: [...path, target], message: `cannot read ${key} ${JSON.stringify(value)}: ${REASONS[code] ?? code}` });
      }
      const newKey = new Scalar(target);
      if (isScalar(pair.key) && pair.key.range) newKey.range = pair.key.range;
      const newValue = new Scalar(content);
      if (isScalar(pair.value) && pair.value.range) newValue.range = pair.value.range;
      pair.key = newKey;
      pair.value = newValue;
    }
  });
  return issues;
}

function defaultRead(path: string): string {
  return readFileSync(path, 'utf8');
}
