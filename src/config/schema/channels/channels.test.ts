import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, loadConfigText, type ChannelConfig } from '../../index.js';
import { issueLines } from '../../testing/config-assertions.js';

const FIXTURES = fileURLToPath(new URL('../../testdata/channels/', import.meta.url));
const C = 'notifications.channels.0';

/** A config whose only channel is `lines` (YAML, indented under `- `): its first key sits on line 3. */
function withChannel(...lines: string[]): string {
  const body = lines.map((line, i) => `${i === 0 ? '    - ' : '      '}${line}\n`).join('');
  return `notifications:\n  channels:\n${body}`;
}

function channelOf(text: string, options: Parameters<typeof loadConfigText>[1] = {}): ChannelConfig {
  const result = loadConfigText(text, options);
  if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
  const channel = result.config.notifications.channels[0];
  if (!channel) throw new Error('no channel');
  return channel;
}

describe('email channel config', () => {
  it('fills in the defaults', () => {
    expect(channelOf(withChannel('name: mail', 'kind: email'))).toEqual({
      name: 'mail',
      kind: 'email',
      to: [],
      from: 'NOC <noc@localhost>',
      language: 'en',
      smtp: { host: 'localhost', port: 587, tls: false, starttls: 'opportunistic', timeout: 30_000 },
    });
  });

  it('defaults the port to 465 with implicit TLS and reads the password and CA from files', () => {
    const text = withChannel(
      'name: mail',
      'kind: email',
      'to: [noc@example.net, "On call <oncall@example.net>"]',
      'from: NOC <noc@example.net>',
      'language: es',
      'smtp:',
      '  host: smtp.example.net',
      '  tls: true',
      '  user: noc',
      '  password_file: smtp.pass',
      '  ca_file: ca.pem',
      '  timeout: 5s',
    );
    const files: Record<string, string> = { '/etc/noc/smtp.pass': 's3cret\n', '/etc/noc/ca.pem': '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n' };
    const readFile = (path: string): string => {
      const content = files[path];
      if (content === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return content;
    };
    expect(channelOf(text, { baseDir: '/etc/noc', readFile })).toEqual({
      name: 'mail',
      kind: 'email',
      to: ['noc@example.net', 'On call <oncall@example.net>'],
      from: 'NOC <noc@example.net>',
      language: 'es',
      smtp: {
        host: 'smtp.example.net',
        port: 465,
        tls: true,
        starttls: 'opportunistic',
        user: 'noc',
        password: 's3cret',
        ca: '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----',
        timeout: 5_000,
      },
    });
  });

  it('treats credentials that expand to nothing as absent', () => {
    const text = withChannel('name: mail', 'kind: email', 'smtp: {user: "${SMTP_USER:-}", password: "${SMTP_PASSWORD:-}"}');
    const channel = channelOf(text, { env: {} });
    expect(channel.kind === 'email' && channel.smtp.user).toBeUndefined();
    expect(channel.kind === 'email' && channel.smtp.password).toBeUndefined();
  });

  const bad: readonly { name: string; lines: string[]; issues: string[] }[] = [
    {
      name: 'a user without a password',
      lines: ['name: mail', 'kind: email', 'smtp: {user: noc}'],
      issues: [`5:20 ${C}.smtp.user: a user needs a password (or password_file)`],
    },
    {
      name: 'STARTTLS required over implicit TLS',
      lines: ['name: mail', 'kind: email', 'smtp: {tls: true, starttls: required}'],
      issues: [`5:35 ${C}.smtp.starttls: starttls does not apply to tls: true (the connection is encrypted from the start)`],
    },
    {
      name: 'a sender that is no address, and a zero timeout',
      lines: ['name: mail', 'kind: email', 'from: NOC', 'smtp: {timeout: 0}'],
      issues: [`5:13 ${C}.from: expected an e-mail address such as noc@example.net, got "NOC"`, `6:23 ${C}.smtp.timeout: must be longer than 0s`],
    },
  ];
  for (const { name, lines, issues } of bad) {
    it(`rejects ${name}`, () => {
      expect(issueLines(loadConfigText(withChannel(...lines)))).toEqual(issues);
    });
  }
});

describe('webhook, slack and teams channel config', () => {
  it('fills in the webhook defaults', () => {
    expect(channelOf(withChannel('name: hook', 'kind: webhook', 'url: https://pager.example.net/hook'))).toEqual({
      name: 'hook',
      kind: 'webhook',
      url: 'https://pager.example.net/hook',
      headers: {},
      timeout: 10_000,
    });
  });

  it('reads the webhook secret from a file', () => {
    const text = withChannel('name: hook', 'kind: webhook', 'url: https://pager.example.net/hook', 'secret_file: hook.key', 'timeout: 3s');
    const channel = channelOf(text, { baseDir: '/etc/noc', readFile: () => 'hmac-key-0123456789abcdef\n' });
    expect(channel).toMatchObject({ secret: 'hmac-key-0123456789abcdef', timeout: 3_000 });
  });

  it('fills in the slack and teams defaults', () => {
    expect(channelOf(withChannel('name: s', 'kind: slack', 'webhook_url: https://hooks.slack.com/services/T/B/X'))).toEqual({
      name: 's',
      kind: 'slack',
      webhook_url: 'https://hooks.slack.com/services/T/B/X',
      language: 'en',
      timeout: 10_000,
    });
    expect(channelOf(withChannel('name: t', 'kind: teams', 'webhook_url: https://example.logic.azure.com/x', 'language: es'))).toMatchObject({
      kind: 'teams',
      language: 'es',
    });
  });

  it('never echoes a webhook URL that does not parse (it may hold a credential)', () => {
    expect(issueLines(loadConfigText(withChannel('name: s', 'kind: slack', 'webhook_url: hooks.slack.com/services/T/B/SECRET')))).toEqual([
      `5:20 ${C}.webhook_url: expected an absolute URL such as https://hooks.example.net/noc`,
    ]);
  });
});

// One mistake per fixture, and the one line `check-config` prints for it (without the file name).
const CASES: readonly (readonly [string, string])[] = [
  ['email-bad-address.bad.yaml', `6:29 ${C}.to.1: expected an e-mail address such as noc@example.net, got "noc-at-example.net"`],
  ['email-bad-ca.bad.yaml', `9:13 ${C}.smtp.ca: expected PEM certificates (-----BEGIN CERTIFICATE----- …), usually through ca_file`],
  ['email-bad-port.bad.yaml', `7:45 ${C}.smtp.port: expected a port number from 1 to 65535`],
  ['email-bad-starttls.bad.yaml', `7:49 ${C}.smtp.starttls: expected one of required, opportunistic, off, got "always"`],
  ['email-password-without-user.bad.yaml', `9:19 ${C}.smtp.password: a password needs a user`],
  ['email-smtp-key-typo.bad.yaml', `8:9 ${C}.smtp.hots: unknown key "hots" (did you mean "host"?)`],
  ['slack-missing-webhook-url.bad.yaml', `4:7 ${C}.webhook_url: missing required key "webhook_url"`],
  ['teams-bad-language.bad.yaml', `7:17 ${C}.language: expected one of es, en, got "fr"`],
  ['unknown-channel-kind.bad.yaml', `5:13 ${C}.kind: unknown channel kind "sms"; expected one of email, webhook, slack, teams`],
  ['webhook-bad-url.bad.yaml', `6:12 ${C}.url: expected an http:// or https:// URL, got scheme "ftp"`],
  ['webhook-reserved-header.bad.yaml', `9:26 ${C}.headers.Idempotency-Key: header "Idempotency-Key" is set by the webhook itself`],
  ['webhook-short-secret.bad.yaml', `7:15 ${C}.secret: too short: a webhook secret needs at least 16 characters`],
];

describe('bad channel fixtures', () => {
  it.each(CASES)('%s → %s', (name, expected) => {
    const result = loadConfigFile(`${FIXTURES}${name}`, { env: {} });
    expect(issueLines(result)).toEqual([expected]);
  });

  it('has a case for every *.bad.yaml in testdata/channels', () => {
    const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.bad.yaml'));
    expect(files.sort()).toEqual(CASES.map(([name]) => name).sort());
  });

  it('never echoes the secret of a short webhook secret', () => {
    const result = loadConfigFile(`${FIXTURES}webhook-short-secret.bad.yaml`, { env: {} });
    expect(issueLines(result).join('\n')).not.toContain('short\n');
    expect(issueLines(result).join('\n')).not.toMatch(/"short"/);
  });
});
