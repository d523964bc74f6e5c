import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import {
  type ConfigIssue,
  type ConfigPath,
  type Env,
  parseYamlSource,
  positionIssue,
  sortIssues,
  translateZodIssues,
  yamlData,
  type YamlSource,
  zodMessage,
} from '../../config/index.js';
import { checkRuleTests } from './check-rule-tests.js';
import { loadRuleFiles } from './load-rule-files.js';
import type { RuleSet, RuleTestCase, RuleTestCheck, RuleTestSuite } from './rule-test-suite.js';
import { type RuleTest, RuleTestFile } from './test-file-schema.js';

/** A test file ready to run, or every problem found in it and its rule files. */
export type LoadRuleTestsResult = { readonly ok: true; readonly suite: RuleTestSuite } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * Reads and validates a rule test file, then loads its rule files. Never throws for bad input: every
 * problem comes back as `FILE:LINE:COL`-positioned issues, as `noc check-config` reports them.
 */
export function loadRuleTests(file: string, env: Env): LoadRuleTestsResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { ok: false, issues: [{ file, line: 1, col: 1, path: '', message: `cannot read test file: ${reason}` }] };
  }
  const parsedYaml = parseYamlSource(text, file);
  if (!parsedYaml.ok) return { ok: false, issues: parsedYaml.issues };
  const source = parsedYaml.source;
  keepValuesAsWritten(source.doc);
  const parsed = RuleTestFile.safeParse(yamlData(source.doc), { error: zodMessage, reportInput: true });
  if (!parsed.success) return failure(translateZodIssues(parsed.error.issues).map((issue) => positionIssue(issue, source)));
  const rules = loadRuleFiles(parsed.data.rule_files, source, env);
  if (!rules.ok) return { ok: false, issues: rules.issues };
  const lineOf = (path: ConfigPath): number => source.locator.locate(path).line;
  const problems = checkRuleTests(parsed.data, rules.ruleSet.rules.map((rule) => rule.name), lineOf);
  if (problems.length > 0) return failure(problems.map((issue) => positionIssue(issue, source)));
  return { ok: true, suite: suiteOf(parsed.data, rules.ruleSet, source) };
}

function failure(issues: readonly ConfigIssue[]): LoadRuleTestsResult {
  return { ok: false, issues: sortIssues(issues) };
}

/**
 * Turns every input series' `values` back into the text written: YAML reads a lone `0x10` as sixteen
 * and `1e3` as a thousand, while the series notation means ten zeros and one sample.
 */
function keepValuesAsWritten(doc: Document): void {
  const tests = doc.get('tests', true);
  if (!isSeq(tests)) return;
  for (const test of tests.items) {
    const inputs = isMap(test) ? test.get('input_series', true) : undefined;
    if (!isSeq(inputs)) continue;
    for (const input of inputs.items) {
      const values = isMap(input) ? input.get('values', true) : undefined;
      if (isScalar(values) && typeof values.value === 'number' && values.source !== undefined) values.value = values.source;
    }
  }
}

function suiteOf(file: RuleTestFile, ruleSet: RuleSet, source: YamlSource): RuleTestSuite {
  const where = (path: ConfigPath): string => {
    const { line, col } = source.locator.locate(path);
    return `${source.file}:${line}:${col}`;
  };
  return {
    file: source.file,
    evaluationInterval: file.evaluation_interval,
    ruleSet,
    tests: file.tests.map((test, index) => caseOf(test, file.evaluation_interval, (path) => where(['tests', index, ...path]))),
  };
}

function caseOf(test: RuleTest, evaluationInterval: number, where: (path: ConfigPath) => string): RuleTestCase {
  const checks: RuleTestCheck[] = [
    ...test.alert_rule_test.map((check, index): RuleTestCheck => ({
      kind: 'alerts',
      where: where(['alert_rule_test', index]),
      evalTime: check.eval_time,
      alertname: check.alertname,
      expected: check.exp_alerts,
    })),
    ...test.incident_test.map((check, index): RuleTestCheck => ({
      kind: 'incidents',
      where: where(['incident_test', index]),
      evalTime: check.eval_time,
      ...(check.alertname === undefined ? {} : { alertname: check.alertname }),
      expected: check.exp_incidents,
    })),
  ];
  return {
    name: test.name,
    where: where([]),
    start: test.start,
    interval: test.interval ?? evaluationInterval,
    series: test.input_series,
    // Stable: checks at one time keep their order in the file.
    checks: checks.sort((a, b) => a.evalTime - b.evalTime),
  };
}
