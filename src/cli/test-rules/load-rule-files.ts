import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { TargetConfig } from '../../config/index.js';
import { type ConfigIssue, type Env, loadConfigText, positionIssue, type RuleConfig, type YamlSource } from '../../config/index.js';
import type { RuleSet } from './rule-test-suite.js';

/** The rules of the rule files, or every problem in them. */
export type LoadRuleFilesResult = { readonly ok: true; readonly ruleSet: RuleSet } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** What a `*_file` that cannot be read holds in a rule test: long enough for any minimum length of a secret. */
export const UNREAD_SECRET = 'unread-secret-file-placeholder-for-rule-tests';

// Rules never read secrets, and CI machines that run rule tests do not hold the production ones (nor the
// lab's CA before the lab has run): a missing `*_file` must not stop the tests.
function readSecretOrPlaceholder(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return UNREAD_SECRET;
  }
}

/** Where a rule file named in the test file lives: relative names are taken from the test file's folder. */
export function ruleFilePath(testFile: string, entry: string): string {
  return isAbsolute(entry) ? entry : join(dirname(testFile), entry);
}

/**
 * Loads the `rule_files` as `noc check-config` loads configs (env expansion included, but a `*_file` that
 * cannot be read is no error) and joins their rules; a rule name must be unique across them, since alerts and checks name rules. A file that cannot be
 * read is reported at its entry in the test file, problems inside it at their own lines.
 */
export function loadRuleFiles(entries: readonly string[], source: YamlSource, env: Env): LoadRuleFilesResult {
  const issues: ConfigIssue[] = [];
  const rules: RuleConfig[] = [];
  const ruleFile = new Map<string, string>();
  const targets = new Map<string, TargetConfig>();
  let settings: Omit<RuleSet['settings'], 'targets'> | undefined;
  entries.forEach((entry, index) => {
    const path = ruleFilePath(source.file, entry);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      issues.push(positionIssue({ path: ['rule_files', index], message: `cannot read ${path}: ${reason}` }, source));
      return;
    }
    const loaded = loadConfigText(text, { file: path, env, readFile: readSecretOrPlaceholder });
    if (!loaded.ok) {
      issues.push(...loaded.issues);
      return;
    }
    for (const rule of loaded.config.rules) {
      const first = ruleFile.get(rule.name);
      if (first !== undefined) {
        issues.push(positionIssue({ path: ['rule_files', index], message: `rule "${rule.name}" is also in ${first}: rule names must be unique` }, source));
        continue;
      }
      ruleFile.set(rule.name, path);
      rules.push(rule);
    }
    for (const target of loaded.config.targets) if (!targets.has(target.id)) targets.set(target.id, target);
    settings ??= { sla: loaded.config.sla, incidents: loaded.config.incidents };
  });
  if (issues.length > 0 || settings === undefined) return { ok: false, issues };
  return { ok: true, ruleSet: { rules, settings: { ...settings, targets: [...targets.values()] } } };
}
