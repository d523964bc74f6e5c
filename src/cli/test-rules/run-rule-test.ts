import type { RuleConfig } from '../../config/index.js';
import { dslSamples, formatDuration } from '../../core/index.js';
import { alertDifferences, describeExpectedAlert, describeFiringAlert, firingAlerts } from './compare-alerts.js';
import { describeExpectedIncident, describeIncident, incidentDifferences } from './compare-incidents.js';
import { type ListMatch, matchLists } from './match-lists.js';
import type { AlertCheck, IncidentCheck, RuleTestCase, RuleTestCheck, RuleTestSuite } from './rule-test-suite.js';
import { createTestWorld, type TestWorld } from './test-world.js';

/** A check that did not hold, with the listing that shows how. */
export interface CheckFailure {
  /** What was checked, when, and where it is written: `alertname target_down at 2m (FILE:LINE:COL)`. */
  readonly title: string;
  readonly lines: readonly string[];
}

/** The outcome of one test. */
export interface TestOutcome {
  readonly test: RuleTestCase;
  readonly checks: number;
  readonly failures: readonly CheckFailure[];
}

/** Which rule opened each incident (by its fingerprint, the alert group), learnt from the alert events. */
type GroupRules = Map<string, string>;

/**
 * Runs one test as promtool does: the input series are loaded, every rule is evaluated at t = 0,
 * evaluation_interval, 2×… up to the last eval_time, firing alerts open incidents as in `noc start`, and
 * each check runs after the last evaluation at or before its eval_time. An evaluation error ends the test
 * as a failure: what follows it would be judged on a rule that did not run.
 */
export async function runRuleTest(test: RuleTestCase, suite: RuleTestSuite): Promise<TestOutcome> {
  const world = await createTestWorld(suite.ruleSet, test.start);
  const failures: CheckFailure[] = [];
  let next = 0;
  try {
    for (const { series, values } of test.series) await world.store.append(dslSamples(series.key, values, test.start, test.interval));
    const groups: GroupRules = new Map();
    const last = test.checks.at(-1)?.evalTime ?? 0;
    for (let offset = 0; offset <= last; offset += suite.evaluationInterval) {
      const at = test.start + offset;
      world.clock.set(at);
      const events = await world.engine.evaluate(suite.ruleSet.rules, at);
      for (const event of events) groups.set(event.group, event.rule);
      await world.bridge.handle(events);
      const errors = world.errors.take();
      if (errors.length > 0) {
        failures.push({ title: `evaluation at ${formatDuration(offset)}`, lines: errors });
        break;
      }
      for (let check = test.checks[next]; check !== undefined && check.evalTime < offset + suite.evaluationInterval; check = test.checks[++next]) {
        const failure = await runCheck(check, world, suite.ruleSet.rules, groups, test.start);
        if (failure !== undefined) failures.push(failure);
      }
    }
  } catch (error) {
    failures.push({ title: 'error', lines: [error instanceof Error ? error.message : String(error)] });
  } finally {
    world.close();
  }
  return { test, checks: next, failures };
}

async function runCheck(check: RuleTestCheck, world: TestWorld, rules: readonly RuleConfig[], groups: GroupRules, start: number): Promise<CheckFailure | undefined> {
  return check.kind === 'alerts' ? checkAlerts(check, world, rules) : checkIncidents(check, world, groups, start);
}

function checkAlerts(check: AlertCheck, world: TestWorld, rules: readonly RuleConfig[]): CheckFailure | undefined {
  // The loader made sure every alertname is a rule.
  const rule = rules.find((candidate) => candidate.name === check.alertname) as RuleConfig;
  const got = firingAlerts(world.engine.active(), rule);
  const match = matchLists(check.expected, got, alertDifferences);
  if (match.ok) return undefined;
  return {
    title: `alertname ${check.alertname} at ${formatDuration(check.evalTime)} (${check.where})`,
    lines: listing('firing alert', check.expected.map(describeExpectedAlert), got.map(describeFiringAlert), match),
  };
}

async function checkIncidents(check: IncidentCheck, world: TestWorld, groups: GroupRules, start: number): Promise<CheckFailure | undefined> {
  // Oldest first, as they were opened; the store lists newest first.
  const all = (await world.incidents.list()).reverse();
  const got = check.alertname === undefined ? all : all.filter((incident) => incident.fingerprint !== undefined && groups.get(incident.fingerprint) === check.alertname);
  const match = matchLists(check.expected, got, (expected, incident) => incidentDifferences(expected, incident, start));
  if (match.ok) return undefined;
  const of = check.alertname === undefined ? '' : ` of ${check.alertname}`;
  return {
    title: `incidents${of} at ${formatDuration(check.evalTime)} (${check.where})`,
    lines: listing('incident', check.expected.map(describeExpectedIncident), got.map((incident) => describeIncident(incident, start)), match),
  };
}

/** promtool's expected-vs-got listing, numbered, then what kept each expectation from matching. */
function listing<E, G>(noun: string, expected: readonly string[], got: readonly string[], match: ListMatch<E, G>): string[] {
  const numbered = (items: readonly string[]): string[] => (items.length === 0 ? ['  (none)'] : items.map((item, i) => `  ${i + 1}. ${item}`));
  const lines = [`expected ${expected.length} ${noun}${expected.length === 1 ? '' : 's'}:`, ...numbered(expected), `got ${got.length}:`, ...numbered(got)];
  for (const missing of match.missing) {
    lines.push(
      missing.closest === undefined
        ? `expected ${missing.index + 1} matches nothing that was got`
        : `expected ${missing.index + 1} differs from got ${missing.closest.index + 1} in ${missing.closest.differences.join('; ')}`,
    );
  }
  const explained = new Set(match.missing.map((missing) => missing.closest?.index));
  for (const extra of match.unexpected) if (!explained.has(extra.index)) lines.push(`got ${extra.index + 1} was not expected`);
  return lines;
}
