import { describe, expect, it } from 'vitest';
import { loadConfigText, type Config } from '../../index.js';
import { issueLines } from '../../testing/config-assertions.js';

/** A config with one https probe whose settings are `lines` (indented under the probe). */
function withProbe(...lines: string[]): string {
  const settings = lines.map((line) => `        ${line}\n`).join('');
  return `targets:\n  - id: web\n    role: https\n    site: qro\n    probes:\n      - kind: https\n${settings}`;
}

function issuesOf(text: string): string[] {
  return issueLines(loadConfigText(text));
}

function probeOf(text: string): Config['targets'][number]['probes'][number] {
  const result = loadConfigText(text);
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  const probe = result.config.targets[0]?.probes[0];
  if (!probe) throw new Error('no probe');
  return probe;
}

const P = 'targets.0.probes.0';

describe('https probe config', () => {
  it('fills in the defaults', () => {
    expect(probeOf(withProbe('url: https://www.example.com/health'))).toEqual({
      kind: 'https',
      url: 'https://www.example.com/health',
      method: 'GET',
      headers: {},
      expect_status: [{ min: 200, max: 399 }],
      per_ip: false,
      ip_version: 'any',
      follow_redirects: 5,
      tls: { verify: true },
    });
  });

  it('parses every setting', () => {
    const probe = probeOf(
      withProbe(
        'url: http://www.example.com:8080/login',
        'method: post',
        'headers: {X-Probe: noc}',
        'body: "user=probe"',
        'expect_status: [200, 301-302]',
        'body_contains: Welcome',
        'body_matches: "build=\\\\d+"',
        'per_ip: true',
        'dns_server: "[::1]:5353"',
        'ip_version: 6',
        'follow_redirects: 0',
        'tls: {verify: false, server_name: www.example.com, ca: PEM, min_version: TLSv1.2}',
      ),
    );
    expect(probe).toMatchObject({
      method: 'POST',
      headers: { 'X-Probe': 'noc' },
      body: 'user=probe',
      expect_status: [
        { min: 200, max: 200 },
        { min: 301, max: 302 },
      ],
      body_contains: 'Welcome',
      per_ip: true,
      dns_server: '[::1]:5353',
      ip_version: 6,
      follow_redirects: 0,
      tls: { verify: false, server_name: 'www.example.com', ca: 'PEM', min_version: 'TLSv1.2' },
    });
    if (probe.kind !== 'https') throw new Error('expected an https probe');
    expect(probe.body_matches?.test('build=42')).toBe(true);
    expect(probe.body_matches?.test('build=x')).toBe(false);
  });

  it('accepts expect_status as one string of codes and ranges', () => {
    expect(probeOf(withProbe('url: https://x.test/', 'expect_status: "200-299, 304"'))).toMatchObject({
      expect_status: [
        { min: 200, max: 299 },
        { min: 304, max: 304 },
      ],
    });
  });

  it('reads the CA through ca_file', () => {
    const text = withProbe('url: https://x.test/', 'tls:', '  ca_file: ca.pem');
    const result = loadConfigText(text, { baseDir: '/etc/noc', readFile: (path) => `PEM of ${path}\n` });
    expect(result.ok && result.config.targets[0]?.probes[0]).toMatchObject({ tls: { ca: 'PEM of /etc/noc/ca.pem' } });
  });

  const bad: readonly { name: string; lines: string[]; issues: string[] }[] = [
    {
      name: 'a scheme other than http or https',
      lines: ['url: ftp://files.example.com/'],
      issues: [`7:14 ${P}.url: expected an http:// or https:// URL, got scheme "ftp"`],
    },
    {
      name: 'a relative URL',
      lines: ['url: /health'],
      issues: [`7:14 ${P}.url: expected an absolute URL such as https://www.example.com/health`],
    },
    {
      name: 'a status code beyond 599',
      lines: ['url: https://x.test/', 'expect_status: 600'],
      issues: [`8:24 ${P}.expect_status: expected a status code or a range such as 200-299 (codes are 100 to 599), got 600`],
    },
    {
      name: 'a range whose end is no status code',
      lines: ['url: https://x.test/', 'expect_status: [200-1]'],
      issues: [`8:25 ${P}.expect_status.0: expected a status code or a range such as 200-299 (codes are 100 to 599), got "200-1"`],
    },
    {
      name: 'a range that runs backwards, pointing at the item',
      lines: ['url: https://x.test/', 'expect_status: [200, 399-300]'],
      issues: [`8:30 ${P}.expect_status.1: range "399-300" runs backwards: write the lower code first`],
    },
    {
      name: 'an empty status list',
      lines: ['url: https://x.test/', 'expect_status: []'],
      issues: [`8:24 ${P}.expect_status: needs at least 1 status code or range`],
    },
    {
      name: 'a regular expression that does not compile',
      lines: ['url: https://x.test/', 'body_matches: "build=(\\\\d+"'],
      issues: [`8:23 ${P}.body_matches: not a valid regular expression: Unterminated group`],
    },
    {
      name: 'a DNS server given by name',
      lines: ['url: https://x.test/', 'dns_server: ns1.example.com:53'],
      issues: [`8:21 ${P}.dns_server: expected the IP address and port of a DNS server, such as 127.0.0.1:53 or [::1]:53`],
    },
    {
      name: 'a DNS server with a bad port',
      lines: ['url: https://x.test/', 'dns_server: 127.0.0.1:99999'],
      issues: [`8:21 ${P}.dns_server: expected the IP address and port of a DNS server, such as 127.0.0.1:53 or [::1]:53`],
    },
    {
      name: 'an unknown IP version, negative redirects, an unknown TLS version',
      lines: ['url: https://x.test/', 'ip_version: 5', 'follow_redirects: -1', 'tls: {min_version: "1.2"}'],
      issues: [
        `8:21 ${P}.ip_version: expected 4, 6 or any`,
        `9:27 ${P}.follow_redirects: must be 0 or more`,
        `10:28 ${P}.tls.min_version: expected one of TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, got "1.2"`,
      ],
    },
    {
      name: 'a method that is no HTTP token, an unknown key',
      lines: ['url: https://x.test/', 'method: GET /', 'verify: false'],
      issues: [`8:17 ${P}.method: expected an HTTP method such as GET, HEAD or POST`, `9:9 ${P}.verify: unknown key "verify"`],
    },
    {
      name: 'a missing URL',
      lines: ['per_ip: true'],
      issues: [`6:9 ${P}.url: missing required key "url"`],
    },
  ];
  for (const { name, lines, issues } of bad) {
    it(`rejects ${name}`, () => {
      expect(issuesOf(withProbe(...lines))).toEqual(issues);
    });
  }
});
