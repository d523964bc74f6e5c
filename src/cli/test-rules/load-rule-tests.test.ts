import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleTests } from './load-rule-tests.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-rule-tests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'rules.yaml'),
  `targets: [{ id: a, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 1 }] }]
rules: [{ name: down, kind: threshold, select: up, op: '==', value: 0, severity: S3 }]
`,
);

function issuesOf(body: string): string[] {
  const file = join(dir, 'test.yaml');
  writeFileSync(file, `rule_files: [rules.yaml]\ntests:\n${body}`);
  const result = loadRuleTests(file, {});
  return result.ok ? [] : result.issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
}

describe('loadRuleTests', () => {
  it('loads a good file: series parsed, checks in eval_time order, interval from evaluation_interval', () => {
    const file = join(dir, 'good.yaml');
    writeFileSync(
      file,
      `rule_files: [rules.yaml]
evaluation_interval: 30s
tests:
  - name: t
    start: 2026-01-05T10:00:00Z
    input_series: [{ series: 'up{target="a",ip=""}', values: '1 _ 0x2' }]
    incident_test: [{ eval_time: 2m }]
    alert_rule_test: [{ eval_time: 1m, alertname: down }]
`,
    );
    const result = loadRuleTests(file, {});
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
    const [test] = result.suite.tests;
    expect(test).toMatchObject({ name: 't', where: `${file}:4:5`, start: Date.UTC(2026, 0, 5, 10), interval: 30_000 });
    expect(test?.series).toEqual([{ series: { metric: 'up', labels: { target: 'a', ip: '' }, key: 'up{target="a"}' }, values: [1, undefined, 0, 0] }]);
    expect(test?.checks.map((check) => `${check.kind} ${check.evalTime}`)).toEqual(['alerts 60000', 'incidents 120000']);
  });

  it.each([
    ['a test without checks', `  - name: t\n`, ['3:5 tests.0: a test needs at least one alert_rule_test or incident_test: without one it checks nothing']],
    [
      'a series with a matcher',
      `  - name: t\n    input_series: [{ series: 'up{a=~"x"}', values: '1' }]\n    incident_test: [{ eval_time: 0 }]\n`,
      ['4:30 tests.0.input_series.0.series: a series has label values, not matchers: write a="…", not a=~"…"'],
    ],
    [
      'a series given twice',
      `  - name: t\n    input_series:\n      - { series: 'up{a="1"}', values: '1' }\n      - { series: 'up{a="1",b=""}', values: '2' }\n    incident_test: [{ eval_time: 0 }]\n`,
      ['6:19 tests.0.input_series.1.series: series given twice in this test (first at line 5)'],
    ],
    [
      'alertname among the expected labels',
      `  - name: t\n    alert_rule_test: [{ eval_time: 0, alertname: down, exp_alerts: [{ exp_labels: { alertname: down } }] }]\n`,
      ["4:83 tests.0.alert_rule_test.0.exp_alerts.0.exp_labels: alertname is the check's alertname; leave it out of exp_labels"],
    ],
    [
      'a start without its zone',
      `  - name: t\n    start: 2026-01-05 10:00\n    incident_test: [{ eval_time: 0 }]\n`,
      ['4:12 tests.0.start: expected an ISO-8601 time with its zone such as 2026-01-05T10:00:00Z, got "2026-01-05 10:00"'],
    ],
    [
      'an unknown alertname in an incident test',
      `  - name: t\n    incident_test: [{ eval_time: 0, alertname: dwn }]\n`,
      ['4:48 tests.0.incident_test.0.alertname: no rule named "dwn" in the rule files (did you mean "down"?)'],
    ],
    [
      'an eval_time needing too many evaluations',
      `  - name: t\n    incident_test: [{ eval_time: 1y }]\n`,
      ['4:34 tests.0.incident_test.0.eval_time: needs more than 100000 evaluations at this evaluation_interval'],
    ],
  ])('reports %s', (_what, body, expected) => {
    expect(issuesOf(body)).toEqual(expected);
  });

  it('reports a YAML syntax error and an unreadable file at their position', () => {
    expect(issuesOf('  - name: [t\n')[0]).toMatch(/^\d+:\d+ : /);
    const result = loadRuleTests(join(dir, 'absent.yaml'), {});
    expect(result.ok ? [] : result.issues).toEqual([{ file: join(dir, 'absent.yaml'), line: 1, col: 1, path: '', message: 'cannot read test file: no such file' }]);
  });
});
