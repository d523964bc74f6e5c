import { describe, expect, it } from 'vitest';
import { loadConfigText, type LoadConfigResult, type ProbeOf } from '../../index.js';
import { issueLines, configWithProbe } from '../../testing/config-assertions.js';

const config = (probe: string): string => configWithProbe(probe, 'smtp-1'); // the target every case below is about


function tcpOf(result: LoadConfigResult): ProbeOf<'tcp'> {
  if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`).join('\n'));
  const probe = result.config.targets[0]?.probes[0];
  if (probe?.kind !== 'tcp') throw new Error('expected a tcp probe');
  return probe;
}

describe('tcp probe config', () => {
  it('takes host and port, and nothing else is required', () => {
    const probe = tcpOf(loadConfigText(config('kind: tcp\nhost: 127.0.0.1\nport: 25')));
    expect(probe).toMatchObject({ kind: 'tcp', host: '127.0.0.1', port: 25 });
    expect(probe.tls).toBeUndefined();
    expect(probe.expect).toBeUndefined();
  });

  it('compiles expect at load, understands escapes in send and defaults tls.verify to true', () => {
    const probe = tcpOf(
      loadConfigText(config("kind: tcp\nhost: mail.example.com\nport: 465\ntls: {}\nsend: 'EHLO noc\\r\\n'\nexpect: '^250 '")),
    );
    expect(probe.send).toBe('EHLO noc\r\n');
    expect(probe.tls).toEqual({ verify: true });
    expect(probe.expect?.source).toBe('^250 ');
    expect(probe.expect?.regex.test('250-first\r\n250 last\r\n')).toBe(true);
  });

  it.each([
    ['port out of range', 'kind: tcp\nhost: 127.0.0.1\nport: 70000', '8:15 targets.0.probes.0.port: must be at most 65535'],
    ['port as text', 'kind: tcp\nhost: 127.0.0.1\nport: smtp', '8:15 targets.0.probes.0.port: expected a whole number'],
    ['missing host', 'kind: tcp\nport: 25', '6:9 targets.0.probes.0.host: missing required key "host"'],
    ['bad expect regex', "kind: tcp\nhost: 127.0.0.1\nport: 25\nexpect: '^220 ('", '9:17 targets.0.probes.0.expect: not a valid regular expression: Unterminated group'],
    ['unknown key', 'kind: tcp\nhost: 127.0.0.1\nport: 25\nbanner: x', '9:9 targets.0.probes.0.banner: unknown key "banner"'],
    ['tls.verify not a boolean', 'kind: tcp\nhost: 127.0.0.1\nport: 25\ntls: {verify: maybe}', 'targets.0.probes.0.tls.verify: expected true or false'],
  ])('reports %s at its position', (_, probe, fragment) => {
    const issues = issueLines(loadConfigText(config(probe)));
    expect(issues.some((issue) => issue.includes(fragment)), issues.join('\n')).toBe(true);
  });
});
