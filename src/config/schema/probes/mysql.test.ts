import { describe, expect, it } from 'vitest';
import { loadConfigText, type LoadConfigResult, type ProbeOf } from '../../index.js';
import { configWithProbe, issueLines } from '../../testing/config-assertions.js';

const config = (probe: string): string => configWithProbe(probe, 'db-1');

function mysqlOf(result: LoadConfigResult): ProbeOf<'mysql'> {
  if (!result.ok) throw new Error(issueLines(result).join('\n'));
  const probe = result.config.targets[0]?.probes[0];
  if (probe?.kind !== 'mysql') throw new Error('expected a mysql probe');
  return probe;
}

describe('mysql probe config', () => {
  it('needs host and user, and defaults the port', () => {
    const probe = mysqlOf(loadConfigText(config('kind: mysql\nhost: 127.0.0.1\nuser: noc')));
    expect(probe).toMatchObject({ host: '127.0.0.1', port: 3306, user: 'noc' });
    expect(probe.password).toBeUndefined();
    expect(probe.database).toBeUndefined();
    expect(probe.tls).toBeUndefined();
  });

  it('parses every option', () => {
    const probe = mysqlOf(
      loadConfigText(config('kind: mysql\nhost: db.example.com\nport: 3307\nuser: noc\npassword: s3cret\ndatabase: billing\ntls: {ca: PEM}')),
    );
    expect(probe).toMatchObject({ host: 'db.example.com', port: 3307, password: 's3cret', database: 'billing', tls: { verify: true, ca: 'PEM' } });
    expect(mysqlOf(loadConfigText(config('kind: mysql\nhost: h\nuser: u\ntls: {verify: false}'))).tls).toEqual({ verify: false });
  });

  it('reads the password through password_file', () => {
    const result = loadConfigText(config('kind: mysql\nhost: h\nuser: u\npassword_file: /etc/noc/mysql'), { baseDir: '/', readFile: (path: string) => `secret of ${path}\n` });
    expect(mysqlOf(result).password).toBe('secret of /etc/noc/mysql');
  });

  it.each([
    ['missing host', 'kind: mysql\nuser: noc', '6:9 targets.0.probes.0.host: missing required key "host"'],
    ['missing user', 'kind: mysql\nhost: h', '6:9 targets.0.probes.0.user: missing required key "user"'],
    ['empty host', "kind: mysql\nhost: ''\nuser: u", '7:15 targets.0.probes.0.host: expected a host name or address'],
    ['port out of range', 'kind: mysql\nhost: h\nuser: u\nport: 70000', '9:15 targets.0.probes.0.port: must be at most 65535'],
    ['empty database', "kind: mysql\nhost: h\nuser: u\ndatabase: ''", '9:19 targets.0.probes.0.database: expected a database name'],
    ['verify not a boolean', 'kind: mysql\nhost: h\nuser: u\ntls: {verify: maybe}', '9:23 targets.0.probes.0.tls.verify: expected true or false'],
    ['ca without verify', 'kind: mysql\nhost: h\nuser: u\ntls: {verify: false, ca: PEM}', '9:34 targets.0.probes.0.tls.ca: only used with verify: true'],
    ['unknown tls key', 'kind: mysql\nhost: h\nuser: u\ntls: {mode: require}', '9:15 targets.0.probes.0.tls.mode: unknown key "mode"'],
    ['unknown key', 'kind: mysql\nhost: h\nuser: u\nsocket: /run/mysqld.sock', '9:9 targets.0.probes.0.socket: unknown key "socket"'],
  ])('reports %s at its position', (_, probe, expected) => {
    const issues = issueLines(loadConfigText(config(probe)));
    expect(issues).toContain(expected);
  });
});
