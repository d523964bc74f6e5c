import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CONFIG_CHECKS } from './checks/index.js';
import { dottedPath, sortIssues, type ConfigIssue, type PathIssue } from './config-issue.js';
import { deepFreeze } from './deep-readonly.js';
import { expandEnv, type Env } from './expand-env.js';
import { resolveSecretFiles, type ReadTextFile } from './resolve-secret-files.js';
import { Config } from './schema/config.js';
import type { YamlLocator } from './yaml-locator.js';
import { parseYamlSource, positionIssue, yamlData } from './yaml-source.js';
import type { ConfigPath } from './yaml-walk.js';
import { translateZodIssues, zodMessage } from './zod-issues.js';

/** The outcome of loading a config: the parsed config, or every problem found in it. */
export type LoadConfigResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Options of {@link loadConfigText}. */
export interface LoadConfigTextOptions {
  /** Name used in issues; also the base of relative `*_file` paths unless `baseDir` is given. */
  readonly file?: string;
  /** Variables for `${VAR}`; nothing is read from the process environment unless passed here. */
  readonly env?: Env;
  /** Directory relative `*_file` paths resolve against. */
  readonly baseDir?: string;
  /** Reads secret files; defaults to the file system. */
  readonly readFile?: ReadTextFile;
}

/** Options of {@link loadConfigFile}. */
export type LoadConfigFileOptions = Omit<LoadConfigTextOptions, 'file'>;

/**
 * Loads a YAML config: parse → `${VAR}` expansion → `*_file` secrets → schema → cross-reference checks.
 * Never throws for bad input; every problem comes back positioned, in source order.
 */
export function loadConfigText(text: string, options: LoadConfigTextOptions = {}): LoadConfigResult {
  const file = options.file ?? '<config>';
  const parsedYaml = parseYamlSource(text, file);
  if (!parsedYaml.ok) return failure(parsedYaml.issues);
  const source = parsedYaml.source;
  const { doc, locator } = source;
  const baseDir = options.baseDir ?? (options.file === undefined ? process.cwd() : dirname(resolve(options.file)));
  const early = [...expandEnv(doc, options.env ?? {}), ...resolveSecretFiles(doc, baseDir, options.readFile)];
  const raw = yamlData(doc);
  const parsed = Config.safeParse(raw, { error: zodMessage, reportInput: true });
  const later = parsed.success ? [] : translateZodIssues(parsed.error.issues);
  later.push(...runChecks(raw, locator));
  // A value that could not be expanded or read would only draw consequential complaints.
  const covered = new Set(early.map((issue) => dottedPath(issue.path)));
  const relevant = later.filter((issue) => !covered.has(dottedPath(issue.path)));
  const issues = dedupe([...early, ...relevant].map((issue) => positionIssue(issue, source)));
  if (issues.length > 0 || !parsed.success) return failure(issues);
  return { ok: true, config: deepFreeze(parsed.data) };
}

/** Reads and loads a config file; a missing or unreadable file is an issue at 1:1. */
export function loadConfigFile(path: string, options: LoadConfigFileOptions = {}): LoadConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { ok: false, issues: [{ file: path, line: 1, col: 1, path: '', message: `cannot read config: ${reason}` }] };
  }
  return loadConfigText(text, { ...options, file: path });
}

function runChecks(raw: unknown, locator: YamlLocator): PathIssue[] {
  const found: PathIssue[] = [];
  const ctx = {
    report: (path: ConfigPath, message: string) => found.push({ path, message }),
    lineOf: (path: ConfigPath) => locator.locate(path).line,
  };
  for (const check of CONFIG_CHECKS) check(raw, ctx);
  return found;
}

function failure(issues: readonly ConfigIssue[]): LoadConfigResult {
  return { ok: false, issues: sortIssues(issues) };
}

function dedupe(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.line}:${issue.col}:${issue.path}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
