import { describe, expect, it } from 'vitest';
import { PROBE_KINDS } from '../../../config/index.js';
import { clientConfig } from './client-config.js';

const parse = (config: Record<string, unknown>) => PROBE_KINDS.postgres.parse({ kind: 'postgres', ...config });

describe('clientConfig', () => {
  it('connects without TLS and bounds statements by 80% of the run timeout by default', () => {
    expect(clientConfig(parse({ host: 'db', user: 'noc' }), 5000)).toMatchObject({
      host: 'db',
      port: 5432,
      user: 'noc',
      database: 'postgres',
      ssl: false,
      statement_timeout: 4000,
    });
  });

  it('takes the configured statement_timeout, TLS settings and password', () => {
    const config = parse({ host: 'db', user: 'noc', password: 'pw', statement_timeout: '2s', tls: { mode: 'verify-full', ca: 'PEM' } });
    expect(clientConfig(config, 10_000)).toMatchObject({ password: 'pw', statement_timeout: 2000, ssl: { rejectUnauthorized: true, ca: 'PEM' } });
    expect(clientConfig(parse({ host: 'db', user: 'noc', tls: { mode: 'require' } }), 1000).ssl).toEqual({ rejectUnauthorized: false });
  });

  it('takes host, port, user and database from a dsn', () => {
    const config = parse({ dsn: 'postgres://noc:pw@10.0.1.5:5433/billing' });
    expect(clientConfig(config, 1000)).toMatchObject({ host: '10.0.1.5', port: 5433, user: 'noc', password: 'pw', database: 'billing' });
  });
});
