import type { TestOutcome } from './run-rule-test.js';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The lines of a run, after promtool's: a header, every failed test with its failed checks (what was
 * expected, what was there, and what differed), then `SUCCESS` or `FAILED` with the counts.
 */
export function reportLines(file: string, outcomes: readonly TestOutcome[]): string[] {
  const lines = [`Unit testing ${file}`];
  const failed = outcomes.filter((outcome) => outcome.failures.length > 0);
  for (const outcome of failed) {
    lines.push(`  FAILED test "${outcome.test.name}" (${outcome.test.where})`);
    for (const failure of outcome.failures) {
      lines.push(`    ${failure.title}:`);
      for (const line of failure.lines) lines.push(`      ${line}`);
    }
  }
  const checks = outcomes.reduce((sum, outcome) => sum + outcome.checks, 0);
  if (failed.length === 0) {
    lines.push(`  SUCCESS: ${plural(outcomes.length, 'test')} passed (${plural(checks, 'check')})`);
  } else {
    const failedChecks = failed.reduce((sum, outcome) => sum + outcome.failures.length, 0);
    lines.push(`  FAILED: ${failed.length} of ${plural(outcomes.length, 'test')} failed (${failedChecks} of ${plural(checks, 'check')})`);
  }
  return lines;
}
