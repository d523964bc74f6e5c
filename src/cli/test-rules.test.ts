import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { testRules, TESTS_FAILED, TESTS_INVALID, TESTS_PASSED } from './test-rules.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-test-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RULES = `
targets:
  - id: sbc-1
    role: sbc
    site: mx
    users: 900
    probes:
      - kind: sip_options
        target: sip:127.0.0.1:5060
rules:
  - name: target_down
    kind: threshold
    select: up
    op: '=='
    value: 0
    for: 30s
    severity: S2
    annotations:
      summary: '{{ $labels.target }} is down'
`;
writeFileSync(join(dir, 'rules.yaml'), RULES);

const PASSING = `
rule_files: [rules.yaml]
tests:
  - name: fires after 30 s
    interval: 15s
    input_series:
      - series: 'up{target="sbc-1",probe="sip_options"}'
        values: '1 0x10'
    alert_rule_test:
      - eval_time: 30s
        alertname: target_down
      - eval_time: 45s
        alertname: target_down
        exp_alerts:
          - exp_labels: { target: sbc-1, probe: sip_options }
            exp_annotations: { summary: sbc-1 is down }
    incident_test:
      - eval_time: 1m
        exp_incidents:
          - { title: sbc-1 is down, severity: S2, status: registered, affected_users: 900, occurred_at: 15s }
`;

async function run(name: string, text: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const out: string[] = [];
  const err: string[] = [];
  const code = await testRules(file, { env: {}, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe('noc test-rules', () => {
  it('exits 0 with a summary when every test passes', async () => {
    const result = await run('passing.yaml', PASSING);
    expect(result).toEqual({ code: TESTS_PASSED, out: [`Unit testing ${join(dir, 'passing.yaml')}`, '  SUCCESS: 1 test passed (3 checks)'], err: [] });
  });

  it('exits 1 naming the test, the check and what differed, and runs the other tests', async () => {
    const failing = PASSING.replace('summary: sbc-1 is down }', 'summary: sbc-1 is gone }').replace('status: registered', 'status: resolved');
    const result = await run('failing.yaml', `${failing}${PASSING.slice(PASSING.indexOf('  - name')).replace('fires after 30 s', 'second')}`);
    expect(result.code).toBe(TESTS_FAILED);
    const out = result.out.join('\n');
    expect(out).toContain('FAILED test "fires after 30 s"');
    expect(out).toMatch(/alertname target_down at 45s \(.*failing\.yaml:\d+:\d+\)/);
    expect(out).toContain('expected 1 differs from got 1 in annotations: expected summary="sbc-1 is gone", got summary="sbc-1 is down"');
    expect(out).toContain('status: expected resolved, got registered');
    expect(out).not.toContain('FAILED test "second"');
    expect(result.out.at(-1)).toBe('  FAILED: 1 of 2 tests failed (2 of 6 checks)');
  });

  it('reports an alert that should not fire', async () => {
    const result = await run('unexpected.yaml', PASSING.replace('eval_time: 30s', 'eval_time: 50s'));
    expect(result.out.join('\n')).toMatch(/alertname target_down at 50s[^\n]*\n\s+expected 0 firing alerts:\n\s+\(none\)\n\s+got 1:\n\s+1\. \{probe="sip_options", target="sbc-1"\} summary="sbc-1 is down"\n\s+got 1 was not expected/);
  });

  it('exits 2 with FILE:LINE:COL for a bad test file, running nothing', async () => {
    const bad = PASSING.replace("values: '1 0x10'", "values: '1 0x10 two'").replace('eval_time: 30s', 'eval_time: soon').replace('interval: 15s', 'intervall: 15s');
    const result = await run('bad.yaml', bad);
    const file = join(dir, 'bad.yaml');
    expect(result).toEqual({
      code: TESTS_INVALID,
      out: [],
      err: [
        `${file}:5:5 tests.0.intervall: unknown key "intervall" (did you mean "interval"?)`,
        `${file}:8:17 tests.0.input_series.0.values: not a value: 'two'`,
        `${file}:10:20 tests.0.alert_rule_test.0.eval_time: expected a duration such as 10s, 5m or 1h30m, got "soon"`,
      ],
    });
  });

  it('exits 2 for an alertname that is no rule of the rule files, with a suggestion', async () => {
    const result = await run('unknown-rule.yaml', PASSING.replace('alertname: target_down', 'alertname: target_dwn'));
    expect(result.code).toBe(TESTS_INVALID);
    expect(result.err).toEqual([`${join(dir, 'unknown-rule.yaml')}:11:20 tests.0.alert_rule_test.0.alertname: no rule named "target_dwn" in the rule files (did you mean "target_down"?)`]);
  });

  it('points at the rule_files entry of a rule file that does not exist', async () => {
    const result = await run('missing-rules.yaml', PASSING.replace('rule_files: [rules.yaml]', 'rule_files: [nope.yaml]'));
    expect(result.err).toEqual([`${join(dir, 'missing-rules.yaml')}:2:14 rule_files.0: cannot read ${join(dir, 'nope.yaml')}: no such file`]);
  });

  it('reports problems inside a rule file at their own lines', async () => {
    writeFileSync(join(dir, 'broken-rules.yaml'), RULES.replace("op: '=='", "op: '=>'"));
    const result = await run('broken.yaml', PASSING.replace('rules.yaml', 'broken-rules.yaml'));
    expect(result.code).toBe(TESTS_INVALID);
    expect(result.err).toEqual([`${join(dir, 'broken-rules.yaml')}:14:9 rules.0.op: expected one of >, >=, <, <=, ==, !=, got "=>"`]);
  });

  it('reads a lone number of values as written: 0x10 is ten zeros, not sixteen', async () => {
    const result = await run('hex.yaml', PASSING.replace("values: '1 0x10'", 'values: 0x10').replace('occurred_at: 15s', 'occurred_at: 0s').replace('eval_time: 30s', 'eval_time: 15s').replace('eval_time: 45s', 'eval_time: 30s'));
    expect(result.out.at(-1)).toBe('  SUCCESS: 1 test passed (3 checks)');
  });

  it('passes the shipped tests of the bundled demo config', async () => {
    const file = relative(process.cwd(), fileURLToPath(new URL('../../examples/lab.rules-test.yaml', import.meta.url)));
    const out: string[] = [];
    const err: string[] = [];
    const code = await testRules(file, { env: {}, out: (line) => out.push(line), err: (line) => err.push(line) });
    expect({ code, err, last: out.at(-1) }).toMatchObject({ code: TESTS_PASSED, err: [], last: expect.stringMatching(/^ {2}SUCCESS: \d+ tests passed/) });
  });
});
