import { describe, expect, it } from 'vitest';
import { InboundEmailConfig } from './inbound-email.js';

describe('InboundEmailConfig', () => {
  it('fills the defaults', () => {
    expect(InboundEmailConfig.parse({ allowed_domains: ['NOC.Example.com'] })).toEqual({
      listen: '127.0.0.1:2525',
      allowed_domains: ['noc.example.com'],
      size_limit: 1_048_576,
      default_severity: 'S3',
      auth: 'none',
    });
  });

  it.each([
    ['0.0.0.0', '0.0.0.0:2525'],
    ['[::1]', '[::1]:2525'],
    ['mail.noc.example:25', 'mail.noc.example:25'],
  ])('listen %s means %s', (listen, expected) => {
    expect(InboundEmailConfig.parse({ listen, allowed_domains: ['noc.example'] }).listen).toBe(expected);
  });

  it.each([
    [{ allowed_domains: [] }, 'allowed_domains'],
    [{ allowed_domains: ['@noc.example'] }, 'allowed_domains'],
    [{ allowed_domains: ['noc.example'], listen: 'host:99999' }, 'listen'],
    [{ allowed_domains: ['noc.example'], size_limit: 10 }, 'size_limit'],
    [{ allowed_domains: ['noc.example'], default_severity: 'S5' }, 'default_severity'],
    [{ allowed_domains: ['noc.example'], auth: 'plain' }, 'auth'],
    [{ allowed_domains: ['noc.example'], tls: { cert: 'x' } }, 'tls'],
    [{ allowed_domains: ['noc.example'], replies: true }, ''],
  ])('refuses %j at %s', (input, path) => {
    const result = InboundEmailConfig.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0] ?? '').toBe(path);
  });
});
