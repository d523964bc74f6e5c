import { formatConfigIssue } from '../config/index.js';
import { loadRuleTests } from './test-rules/load-rule-tests.js';
import { reportLines } from './test-rules/report.js';
import { runRuleTest, type TestOutcome } from './test-rules/run-rule-test.js';

/** Where `testRules` reads variables (for `${VAR}` in the rule files) and writes its lines. */
export interface TestRulesIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Exit code when every test passed. */
export const TESTS_PASSED = 0;
/** Exit code when a test failed. */
export const TESTS_FAILED = 1;
/** Exit code when nothing could run: the test file or a rule file is unreadable or invalid. */
export const TESTS_INVALID = 2;

/**
 * `noc test-rules FILE`: unit tests for alerting rules, after `promtool test rules`. Runs every test of
 * FILE and reports on `out`; returns 0 when all pass, 1 when one fails. A test file or rule file that
 * cannot be read or is invalid runs nothing: every problem goes to `err` as `FILE:LINE:COL path: message`
 * and the code is 2, so CI tells a broken test file from a broken rule.
 */
export async function testRules(file: string, io: TestRulesIo): Promise<number> {
  const loaded = loadRuleTests(file, io.env);
  if (!loaded.ok) {
    for (const issue of loaded.issues) io.err(formatConfigIssue(issue));
    return TESTS_INVALID;
  }
  const outcomes: TestOutcome[] = [];
  // One after the other: each test has its own world, but the report follows the file's order.
  for (const test of loaded.suite.tests) outcomes.push(await runRuleTest(test, loaded.suite));
  for (const line of reportLines(file, outcomes)) io.out(line);
  return outcomes.every((outcome) => outcome.failures.length === 0) ? TESTS_PASSED : TESTS_FAILED;
}
