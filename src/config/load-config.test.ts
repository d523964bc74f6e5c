import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatConfigIssue, type ConfigIssue } from './config-issue.js';
import { loadConfigFile, loadConfigText, type LoadConfigResult } from './load-config.js';
import type { Config } from './schema/config.js';

function issuesOf(result: LoadConfigResult): string[] {
  if (result.ok) throw new Error('expected issues, got a config');
  return result.issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
}

function configOf(result: LoadConfigResult): Config {
  if (!result.ok) throw new Error(result.issues.map(formatConfigIssue).join('\n'));
  return result.config;
}

const TARGET = (id: string, extra = ''): string =>
  `  - id: ${id}\n    role: sbc\n    site: qro\n${extra}    probes:\n      - {kind: sip_options, target: "sip:127.0.0.1"}\n`;

describe('loadConfigText', () => {
  it('reports every mistake of a file at once, sorted by line', () => {
    const text = [
      'defaults:',
      '  interval: 10 sec',
      'targets:',
      TARGET('sbc-1', '    pair: sbc-9\n') + TARGET('sbc-1'),
      'rules:',
      '  - name: down',
      '    kind: absent',
      '    select: up',
      '    severity: S5',
    ].join('\n');
    expect(issuesOf(loadConfigText(text, { file: 'noc.yaml' }))).toEqual([
      '2:13 defaults.interval: expected a duration such as 10s, 5m or 1h30m, got "10 sec"',
      '7:11 targets.0.pair: unknown target "sbc-9" (did you mean "sbc-1"?)',
      '10:9 targets.1.id: duplicate target id "sbc-1" (first at line 4)',
      '20:15 rules.0.severity: expected one of S1, S2, S3, S4, got "S5"',
    ]);
  });

  it('formats issues as FILE:LINE:COL path: message', () => {
    const result = loadConfigText('server:\n  listen: nowhere\n', { file: 'noc.yaml' });
    expect(result.ok ? [] : result.issues.map(formatConfigIssue)).toEqual([
      'noc.yaml:2:11 server.listen: expected host:port, such as 127.0.0.1:9700, 0.0.0.0:9700 or [::1]:9700',
    ]);
  });

  it('reports every YAML syntax error with its position', () => {
    const result = loadConfigText('a: [1, 2\nb: {c: 1\n', { file: 'x.yaml' });
    const issues = result.ok ? [] : result.issues;
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.every((issue: ConfigIssue) => issue.file === 'x.yaml' && issue.line >= 1 && issue.col >= 1)).toBe(true);
  });

  it('treats an empty document as an empty config', () => {
    expect(configOf(loadConfigText('')).defaults.interval).toBe(30_000);
    expect(configOf(loadConfigText('# only a comment\n')).targets).toEqual([]);
  });

  it('points a missing key at its parent map', () => {
    expect(issuesOf(loadConfigText('targets:\n  - id: a\n    role: sbc\n    probes: [{kind: tcp, host: a.example, port: 22}]\n'))).toEqual([
      '2:5 targets.0.site: missing required key "site"',
    ]);
  });

  it('never puts a secret in a message', () => {
    const secret = 'hunter2-short';
    const text = `server:\n  auth:\n    wall_token: ${secret}\n    tokens:\n      - {name: a, token: ${secret}, role: root}\n`;
    const messages = issuesOf(loadConfigText(text));
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).not.toContain(secret);
  });

  it('checks that pairs agree', () => {
    const text = `targets:\n${TARGET('a', '    pair: b\n')}${TARGET('b', '    pair: c\n')}${TARGET('c')}`;
    expect(issuesOf(loadConfigText(text))).toEqual(['5:11 targets.0.pair: "b" is paired with "c", not with "a"']);
  });

  it('checks the store kinds and their fields', () => {
    const influx = configOf(loadConfigText('store:\n  kind: influxdb\n  url: http://localhost:8086\n  bucket: noc\n'));
    expect(influx.store).toMatchObject({ kind: 'influxdb', version: 2, buffer: { path: './data/spool', max_size: 1024 ** 3, hot_window: 3 * 3_600_000 } });
    expect(issuesOf(loadConfigText('store:\n  kind: victoriametrics\n  insert_url: http://vm:8480\n'))).toEqual([
      '2:3 store: give either url, or both insert_url and select_url',
    ]);
  });

  it('wants exactly one of password and password_hash', () => {
    const text = 'server:\n  auth:\n    users:\n      - {username: bob, role: viewer}\n';
    expect(issuesOf(loadConfigText(text))).toEqual([
      '4:9 server.auth.users.0: give exactly one of password_hash or password',
    ]);
  });

  it('accepts a plain channel list on a route as the first level', () => {
    const text = 'notifications:\n  channels: [{name: mail, kind: email}]\n  routes: [{channels: [mail]}]\n';
    expect(configOf(loadConfigText(text)).notifications.routes[0]?.channels).toEqual({ L1: ['mail'], L2: [], L3: [] });
  });
});

describe('environment expansion', () => {
  it('replaces ${VAR} and ${VAR:-default} in strings', () => {
    const text = 'server:\n  listen: ${HOST}:${PORT:-9700}\nsla:\n  timezone: ${TZ_NAME:-UTC}\n';
    const config = configOf(loadConfigText(text, { env: { HOST: '0.0.0.0' } }));
    expect(config.server.listen).toBe('0.0.0.0:9700');
    expect(config.sla.timezone).toBe('UTC');
  });

  it('types an unquoted value again after expansion', () => {
    const text = `targets:\n${TARGET('a', '    users: ${USERS}\n')}sla:\n  availability_target: \${TARGET_PCT}\n`;
    const config = configOf(loadConfigText(text, { env: { USERS: '1200', TARGET_PCT: '99.9' } }));
    expect(config.targets[0]?.users).toBe(1200);
    expect(config.sla.availability_target).toBe(99.9);
  });

  it('keeps a quoted value as text', () => {
    const text = `targets:\n${TARGET('a', "    country: '${CODE}'\n")}`;
    expect(configOf(loadConfigText(text, { env: { CODE: '52' } })).targets[0]?.country).toBe('52');
  });

  it('reports an unset variable at its scalar', () => {
    expect(issuesOf(loadConfigText('incidents:\n  prefix: ${PREFIX}\n'))).toEqual([
      '2:11 incidents.prefix: environment variable PREFIX is not set (write ${PREFIX:-default} to give a default)',
    ]);
  });
});

describe('secret files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'noc-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces X_file by X with the content, one trailing newline removed, relative to the config', () => {
    writeFileSync(join(dir, 'token'), 'token-from-a-file-0123\n');
    writeFileSync(join(dir, 'key.pem'), 'KEY\n\n');
    writeFileSync(join(dir, 'noc.yaml'), [
      'server:',
      '  auth:',
      '    tokens: [{name: ci, token_file: token, role: operator}]',
      '  tls:',
      '    cert: CERT',
      `    key_file: ${join(dir, 'key.pem')}`,
    ].join('\n'));
    const config = configOf(loadConfigFile(join(dir, 'noc.yaml'), { env: {} }));
    expect(config.server.auth.tokens[0]?.token).toBe('token-from-a-file-0123');
    expect(config.server.tls).toEqual({ cert: 'CERT', key: 'KEY\n' });
  });

  it('expands variables in the path first', () => {
    writeFileSync(join(dir, 'wall'), 'wall-token-0123456789');
    const text = 'server:\n  auth:\n    wall_token_file: ${SECRETS}/wall\n';
    const config = configOf(loadConfigText(text, { env: { SECRETS: dir } }));
    expect(config.server.auth.wall_token).toBe('wall-token-0123456789');
  });

  it('reports an unreadable file at its path value, without the content of anything', () => {
    const text = 'server:\n  auth:\n    wall_token_file: missing\n';
    expect(issuesOf(loadConfigText(text, { file: join(dir, 'noc.yaml') }))).toEqual([
      '3:22 server.auth.wall_token: cannot read wall_token_file "missing": no such file',
    ]);
  });
});

describe('loadConfigFile', () => {
  it('reports a missing file at 1:1', () => {
    const result = loadConfigFile('/nonexistent/noc.yaml');
    expect(result.ok ? [] : result.issues.map(formatConfigIssue)).toEqual([
      '/nonexistent/noc.yaml:1:1 cannot read config: no such file',
    ]);
  });
});
