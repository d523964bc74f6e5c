import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from './session-cookie.js';
import { hashSessionToken, newSessionToken } from './session-token.js';

const withCookie = (cookie?: string): IncomingMessage => ({ headers: cookie === undefined ? {} : { cookie } }) as IncomingMessage;

describe('session tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256', () => {
    const { token, hash } = newSessionToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashSessionToken(token));
    expect(newSessionToken().token).not.toBe(token);
  });
});

describe('session cookie', () => {
  const token = newSessionToken().token;

  it('is HttpOnly, SameSite=Strict, on /, and Secure only when asked', () => {
    expect(sessionCookie(token, { secure: false, maxAgeMs: 3_600_000 })).toBe(`noc_session=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600`);
    expect(sessionCookie(token, { secure: true })).toBe(`noc_session=${token}; Path=/; HttpOnly; SameSite=Strict; Secure`);
    expect(clearedSessionCookie({ secure: true })).toBe('noc_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });

  it.each([
    ['alone', `noc_session=${token}`, token],
    ['among others', `theme=dark; noc_session=${token}; lang=es`, token],
    ['absent', 'theme=dark', undefined],
    ['malformed', 'noc_session=abc', undefined],
    ['under a similar name', `xnoc_session=${token}`, undefined],
    ['without a Cookie header', undefined, undefined],
  ])('is read from the Cookie header when %s', (_name, header, expected) => {
    expect(sessionTokenOf(withCookie(header))).toBe(expected);
  });
});
