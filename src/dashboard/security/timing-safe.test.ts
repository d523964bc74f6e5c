import type * as Crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock, silentLogger } from '../../core/index.js';

// Spy on the constant-time comparison to check that every secret comparison goes through it, on
// fixed-length inputs (so neither content nor length shows in the time taken).
const calls = vi.hoisted(() => [] as Array<[number, number]>);
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      calls.push([a.byteLength, b.byteLength]);
      return real.timingSafeEqual(a, b);
    },
  };
});

const { PasswordHasher } = await import('./password-hasher.js');
const { DashboardSecurity } = await import('./dashboard-security.js');

const FAST = { N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 32 };
const TOKENS = [
  { name: 'a', token: 'token-aaaaaaaaaaaaaaaa', role: 'viewer' as const },
  { name: 'b', token: 'token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbb', role: 'admin' as const },
];

function security(): InstanceType<typeof DashboardSecurity> {
  return new DashboardSecurity({
    auth: () => ({ tokens: TOKENS, wallToken: 'wall-token-0123456789' }),
    clock: new ManualClock(0),
    log: silentLogger,
    hasher: new PasswordHasher(FAST),
  });
}

const bearer = (token: string): IncomingMessage => ({ headers: { authorization: `Bearer ${token}` }, socket: {} }) as IncomingMessage;

describe('secret comparisons', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('verifies passwords with timingSafeEqual on keys of the stored length', async () => {
    const hasher = new PasswordHasher(FAST);
    const hash = await hasher.hash('pw');
    calls.length = 0;
    expect(await hasher.verify('a much longer wrong password', hash)).toBe(false);
    expect(calls).toEqual([[32, 32]]);
  });

  it('compares a bearer token against every configured token as SHA-256 digests', async () => {
    const s = security();
    expect(await s.authenticateUpgrade(bearer('x'))).toBeUndefined();
    expect(calls).toEqual([[32, 32], [32, 32]]);
    calls.length = 0;
    expect(await s.authenticateUpgrade(bearer('token-aaaaaaaaaaaaaaaa'))).toMatchObject({ name: 'a', kind: 'token' });
    expect(calls).toHaveLength(2);
  });

  it('compares the wall token as SHA-256 digests', async () => {
    const outcome = await security().openWallSession('short', '127.0.0.1');
    expect(outcome.kind).toBe('invalid');
    expect(calls).toEqual([[32, 32]]);
  });
});
