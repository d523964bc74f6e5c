import { closest, type ConfigPath, type PathIssue } from '../../config/index.js';
import type { RuleTestFile } from './test-file-schema.js';

/** Evaluations one test may need at most: a typo such as `eval_time: 1y` must fail, not run for hours. */
export const MAX_EVALUATIONS = 100_000;

function unknownRule(name: string, known: readonly string[]): string {
  const guess = closest(name, known);
  return `no rule named "${name}" in the rule files${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`;
}

/**
 * What the schema alone cannot see: checks naming a rule the rule files lack, a series given twice in one
 * test (the second would silently lose to the first), and eval times needing too many evaluations.
 */
export function checkRuleTests(file: RuleTestFile, ruleNames: readonly string[], lineOf: (path: ConfigPath) => number): PathIssue[] {
  const issues: PathIssue[] = [];
  const known = new Set(ruleNames);
  const tooLate = (evalTime: number): boolean => evalTime / file.evaluation_interval >= MAX_EVALUATIONS;
  const lateMessage = `needs more than ${MAX_EVALUATIONS} evaluations at this evaluation_interval`;
  file.tests.forEach((test, t) => {
    const seen = new Map<string, number>();
    test.input_series.forEach(({ series }, s) => {
      const first = seen.get(series.key);
      if (first === undefined) seen.set(series.key, s);
      else issues.push({ path: ['tests', t, 'input_series', s, 'series'], message: `series given twice in this test (first at line ${lineOf(['tests', t, 'input_series', first, 'series'])})` });
    });
    test.alert_rule_test.forEach((check, c) => {
      if (!known.has(check.alertname)) issues.push({ path: ['tests', t, 'alert_rule_test', c, 'alertname'], message: unknownRule(check.alertname, ruleNames) });
      if (tooLate(check.eval_time)) issues.push({ path: ['tests', t, 'alert_rule_test', c, 'eval_time'], message: lateMessage });
    });
    test.incident_test.forEach((check, c) => {
      if (check.alertname !== undefined && !known.has(check.alertname)) {
        issues.push({ path: ['tests', t, 'incident_test', c, 'alertname'], message: unknownRule(check.alertname, ruleNames) });
      }
      if (tooLate(check.eval_time)) issues.push({ path: ['tests', t, 'incident_test', c, 'eval_time'], message: lateMessage });
    });
  });
  return issues;
}
