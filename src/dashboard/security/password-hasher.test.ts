import { describe, expect, it } from 'vitest';
import { parseScryptHash, PasswordHash } from '../../config/index.js';
import { DEFAULT_SCRYPT, PasswordHasher } from './password-hasher.js';

const FAST = { N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 32 };

describe('PasswordHasher', () => {
  it('hashes with the default cost in the scrypt$N$r$p$salt$hash format', async () => {
    const hash = await new PasswordHasher().hash('s3cret-passphrase');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    const parsed = parseScryptHash(hash);
    expect(parsed.ok && { N: parsed.hash.N, salt: parsed.hash.salt.length, key: parsed.hash.key.length }).toEqual({ N: 2 ** 15, salt: 16, key: 32 });
    expect(DEFAULT_SCRYPT).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = new PasswordHasher(FAST);
    const hash = await hasher.hash('correct horse');
    expect(await hasher.verify('correct horse', hash)).toBe(true);
    expect(await hasher.verify('correct horsE', hash)).toBe(false);
    expect(await hasher.verify('', hash)).toBe(false);
  });

  it('salts every hash afresh', async () => {
    const hasher = new PasswordHasher(FAST);
    const [a, b] = [await hasher.hash('same'), await hasher.hash('same')];
    expect(a).not.toBe(b);
    expect(await hasher.verify('same', a)).toBe(true);
    expect(await hasher.verify('same', b)).toBe(true);
  });

  it('reads the cost from the stored hash, so hashes made at another cost stay valid', async () => {
    const old = await new PasswordHasher({ ...FAST, N: 2048, keyBytes: 64 }).hash('pw');
    expect(old.startsWith('scrypt$2048$8$1$')).toBe(true);
    expect(await new PasswordHasher(FAST).verify('pw', old)).toBe(true);
  });

  it('treats the same text in another Unicode normalisation as the same password', async () => {
    const hasher = new PasswordHasher(FAST);
    const hash = await hasher.hash('contrase\u00f1a');
    expect(await hasher.verify('contrasen\u0303a', hash)).toBe(true);
  });

  it.each([
    ['argon2id', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'],
    ['garbage', 'not a hash'],
    ['an N that is no power of two', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  ])('answers false for an unusable stored hash (%s)', async (_name, stored) => {
    expect(await new PasswordHasher(FAST).verify('anything', stored)).toBe(false);
  });

  it('does the work of a verification for a user nobody has, and fails', async () => {
    expect(await new PasswordHasher(FAST).verifyNobody('whatever')).toBe(false);
  });
});

describe('password_hash in the configuration', () => {
  it.each([
    ['scrypt$32768$8$1$BkMqBUzV/tPi2iKIN5rh6A==$HxwiQdyaA4Tyvl3fSjuVd9jx77U/TFkKE5/bRtIIcWs=', undefined],
    ['$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo', 'not a usable password hash: expected scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>'],
    ['scrypt$1024$8$1$BkMqBUzV/tPi2iKIN5rh6A==$HxwiQdyaA4Tyvl3fSjuVd9jx77U/TFkKE5/bRtIIcWs=', 'password hash too cheap: N must be at least 16384'],
    ['scrypt$32768$8$1$AAAA$HxwiQdyaA4Tyvl3fSjuVd9jx77U/TFkKE5/bRtIIcWs=', 'not a usable password hash: the salt must have at least 16 bytes'],
    ['scrypt$32768$64$1$BkMqBUzV/tPi2iKIN5rh6A==$HxwiQdyaA4Tyvl3fSjuVd9jx77U/TFkKE5/bRtIIcWs=', 'not a usable password hash: r must be from 1 to 32, got 64'],
  ])('%s', (text, problem) => {
    const result = PasswordHash.safeParse(text);
    if (problem === undefined) expect(result.success).toBe(true);
    else expect(result.error?.issues[0]?.message).toContain(problem);
  });

  it('never echoes the hash in its message', () => {
    const secret = 'scrypt$1000$8$1$BkMqBUzV/tPi2iKIN5rh6A==$HxwiQdyaA4Tyvl3fSjuVd9jx77U/TFkKE5/bRtIIcWs=';
    expect(PasswordHash.safeParse(secret).error?.issues[0]?.message).not.toContain('HxwiQdya');
  });
});
