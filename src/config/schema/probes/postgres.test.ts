import { describe, expect, it } from 'vitest';
import { loadConfigText, type LoadConfigResult, type ProbeOf } from '../../index.js';
import { configWithProbe, issueLines } from '../../testing/config-assertions.js';

const config = (probe: string): string => configWithProbe(probe, 'db-1');

function postgresOf(result: LoadConfigResult): ProbeOf<'postgres'> {
  if (!result.ok) throw new Error(issueLines(result).join('\n'));
  const probe = result.config.targets[0]?.probes[0];
  if (probe?.kind !== 'postgres') throw new Error('expected a postgres probe');
  return probe;
}

describe('postgres probe config', () => {
  it('needs host and user, and defaults the rest', () => {
    const probe = postgresOf(loadConfigText(config('kind: postgres\nhost: 127.0.0.1\nuser: noc')));
    expect(probe).toMatchObject({ host: '127.0.0.1', port: 5432, user: 'noc', database: 'postgres', tls: { mode: 'disable' }, long_query_threshold: 60_000 });
    expect(probe.statement_timeout).toBeUndefined();
    expect(probe.databases).toBeUndefined();
    expect(probe.backup_marker_query).toBeUndefined();
  });

  it('parses durations, tls, database lists and a backup marker query', () => {
    const probe = postgresOf(
      loadConfigText(
        config(
          [
            'kind: postgres',
            'host: db.example.com',
            'port: 6432',
            'user: noc',
            'password: s3cret',
            'database: billing',
            'timeout: 10s',
            'statement_timeout: 5s',
            'long_query_threshold: 30s',
            'tls: {mode: verify-full, ca: PEM}',
            'databases: [billing, crm]',
            "backup_marker_query: 'SELECT max(finished_at) FROM backups'",
          ].join('\n'),
        ),
      ),
    );
    expect(probe).toMatchObject({ port: 6432, password: 's3cret', statement_timeout: 5000, long_query_threshold: 30_000, tls: { mode: 'verify-full', ca: 'PEM' }, databases: ['billing', 'crm'] });
    expect(postgresOf(loadConfigText(config('kind: postgres\nhost: h\nuser: u\ndatabases: all'))).databases).toBe('all');
  });

  it('reads the password through password_file', () => {
    const result = loadConfigText(config('kind: postgres\nhost: h\nuser: u\npassword_file: /etc/noc/pg'), { baseDir: '/', readFile: (path: string) => `secret of ${path}\n` });
    expect(postgresOf(result).password).toBe('secret of /etc/noc/pg');
  });

  it('splits a dsn at load', () => {
    const probe = postgresOf(loadConfigText(config('kind: postgres\ndsn: postgres://noc@10.0.1.5:5433/billing\npassword: x')));
    expect(probe.dsn).toEqual({ host: '10.0.1.5', port: 5433, user: 'noc', database: 'billing' });
  });

  it.each([
    ['missing host', 'kind: postgres\nuser: noc', '6:9 targets.0.probes.0.host: missing required key "host" (or give dsn)'],
    ['missing user', 'kind: postgres\nhost: h', '6:9 targets.0.probes.0.user: missing required key "user" (or give dsn)'],
    ['port out of range', 'kind: postgres\nhost: h\nuser: u\nport: 0', '9:15 targets.0.probes.0.port: must be at least 1'],
    ['unknown tls mode', 'kind: postgres\nhost: h\nuser: u\ntls: {mode: prefer}', '9:21 targets.0.probes.0.tls.mode: expected disable, require or verify-full'],
    ['ca without verify-full', 'kind: postgres\nhost: h\nuser: u\ntls: {mode: require, ca: PEM}', '9:34 targets.0.probes.0.tls.ca: only used with mode: verify-full'],
    ['statement_timeout not below timeout', 'kind: postgres\nhost: h\nuser: u\ntimeout: 5s\nstatement_timeout: 5s', '10:28 targets.0.probes.0.statement_timeout: must be shorter than the probe timeout'],
    ['bad threshold', 'kind: postgres\nhost: h\nuser: u\nlong_query_threshold: soon', '9:31 targets.0.probes.0.long_query_threshold: expected a duration such as 10s, 5m or 1h30m, got "soon"'],
    ['databases as a word', 'kind: postgres\nhost: h\nuser: u\ndatabases: some', '9:20 targets.0.probes.0.databases: expected all or a list of database names'],
    ['empty databases', 'kind: postgres\nhost: h\nuser: u\ndatabases: []', '9:20 targets.0.probes.0.databases: expected at least one database, or all'],
    ['empty backup query', "kind: postgres\nhost: h\nuser: u\nbackup_marker_query: ' '", '9:30 targets.0.probes.0.backup_marker_query: expected an SQL query'],
    ['dsn with another scheme', 'kind: postgres\ndsn: mysql://u@h/db', '7:14 targets.0.probes.0.dsn: expected a postgres:// URL, got scheme "mysql"'],
    ['dsn and host', 'kind: postgres\ndsn: postgres://u@h/db\nhost: h', '8:15 targets.0.probes.0.host: give either dsn or host, not both'],
    ['unknown key', 'kind: postgres\nhost: h\nuser: u\nsslmode: require', '9:9 targets.0.probes.0.sslmode: unknown key "sslmode"'],
  ])('reports %s at its position', (_, probe, expected) => {
    const issues = issueLines(loadConfigText(config(probe)));
    expect(issues).toContain(expected);
  });
});
