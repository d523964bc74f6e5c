import { describe, expect, it } from 'vitest';
import { PROBE_KINDS } from '../../../config/index.js';
import { connectionOptions } from './connection-options.js';

const parse = (config: Record<string, unknown>) => PROBE_KINDS.mysql.parse({ kind: 'mysql', host: 'db', user: 'noc', ...config });

describe('connectionOptions', () => {
  it('connects in plain text without password or database when none is configured', () => {
    expect(connectionOptions(parse({}), 5000)).toEqual({ host: 'db', port: 3306, user: 'noc', connectTimeout: 5000 });
  });

  it('passes the password, database and TLS settings', () => {
    expect(connectionOptions(parse({ password: 'pw', database: 'billing', tls: { ca: 'PEM' } }), 2500.4)).toEqual({
      host: 'db',
      port: 3306,
      user: 'noc',
      password: 'pw',
      database: 'billing',
      ssl: { rejectUnauthorized: true, ca: 'PEM' },
      connectTimeout: 2500,
    });
    expect(connectionOptions(parse({ tls: { verify: false } }), 1000).ssl).toEqual({ rejectUnauthorized: false });
  });
});
