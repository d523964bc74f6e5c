import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../index.js';
import { sslLabsBaseUrl, SslLabsProbeConfig } from './ssllabs.js';
import { issueLines } from '../../testing/config-assertions.js';

/** A config with one target whose only probe is the given ssllabs probe (each line indented under `- kind`). */
function withProbe(...lines: string[]): string {
  return [
    'targets:',
    '  - id: web-1',
    '    role: https',
    '    site: portal',
    '    probes:',
    '      - kind: ssllabs',
    ...lines.map((line) => `        ${line}`),
    '',
  ].join('\n');
}


const P = 'targets.0.probes.0';

describe('SslLabsProbeConfig', () => {
  it('fills in the defaults', () => {
    const result = loadConfigText(withProbe('host: portal.example.net'));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.config.targets[0]?.probes[0]).toEqual({
      kind: 'ssllabs',
      host: 'portal.example.net',
      api: 'v3',
      schedule: '17 4 * * *',
      from_cache: false,
      publish: false,
      ignore_mismatch: false,
    });
  });

  it('accepts every option', () => {
    const result = loadConfigText(
      withProbe(
        'host: portal.example.net',
        'api: v4',
        'email: noc@example.net',
        'base_url: https://api.ssllabs.com/api/v4',
        'schedule: "5 3 * * 1-5"',
        'from_cache: true',
        'max_age: 12',
        'publish: true',
        'ignore_mismatch: true',
        'interval: 1h',
      ),
    );
    expect(result.ok ? [] : issueLines(result)).toEqual([]);
  });

  it.each([
    ['v4 without email', ['host: portal.example.net', 'api: v4'], `6:9 ${P}.email: required with api: v4`],
    ['a bad cron field', ['host: portal.example.net', 'schedule: "61 4 * * *"'], `8:19 ${P}.schedule: expected a 5-field cron expression (minute hour day-of-month month day-of-week) such as "17 4 * * *"; bad minute "61"`],
    ['a 6-field cron', ['host: portal.example.net', 'schedule: "0 17 4 * * *"'], `8:19 ${P}.schedule: expected a 5-field cron expression`],
    ['a cron nickname', ['host: portal.example.net', 'schedule: "@daily"'], `8:19 ${P}.schedule: expected a 5-field cron expression`],
    ['a base_url that is no URL', ['host: portal.example.net', 'base_url: api.ssllabs.com'], `8:19 ${P}.base_url: expected an http(s) URL`],
    ['a base_url of another scheme', ['host: portal.example.net', 'base_url: ftp://api.ssllabs.com/'], `8:19 ${P}.base_url: expected an http(s) URL`],
    ['a URL as host', ['host: https://portal.example.net/'], `7:15 ${P}.host: expected a public host name`],
    ['no host', ['api: v3'], `6:9 ${P}.host: missing required key "host"`],
    ['an unknown api', ['host: portal.example.net', 'api: v5'], `8:14 ${P}.api: expected one of v3, v4, got "v5"`],
    ['a bad email', ['host: portal.example.net', 'api: v4', 'email: noc'], `9:16 ${P}.email: expected an email address`],
    ['max_age without from_cache', ['host: portal.example.net', 'max_age: 12'], `8:18 ${P}.max_age: applies only with from_cache: true`],
    ['a fractional max_age', ['host: portal.example.net', 'from_cache: true', 'max_age: 1.5'], `9:18 ${P}.max_age: expected a whole number of hours`],
    ['an unknown key', ['host: portal.example.net', 'startNew: true'], `8:9 ${P}.startNew: unknown key "startNew"`],
  ])('reports %s', (_what, lines, expected) => {
    const issues = issueLines(loadConfigText(withProbe(...lines)));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(expected);
  });

  it('defaults base_url by api version and always ends it with a slash', () => {
    const v3 = SslLabsProbeConfig.parse({ kind: 'ssllabs', host: 'portal.example.net' });
    const v4 = SslLabsProbeConfig.parse({ kind: 'ssllabs', host: 'portal.example.net', api: 'v4', email: 'noc@example.net' });
    const own = SslLabsProbeConfig.parse({ kind: 'ssllabs', host: 'portal.example.net', base_url: 'http://127.0.0.1:8443/api/v3' });
    expect([sslLabsBaseUrl(v3), sslLabsBaseUrl(v4), sslLabsBaseUrl(own)]).toEqual([
      'https://api.ssllabs.com/api/v3/',
      'https://api.ssllabs.com/api/v4/',
      'http://127.0.0.1:8443/api/v3/',
    ]);
  });
});
