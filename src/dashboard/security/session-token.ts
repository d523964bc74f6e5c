import { createHash, randomBytes } from 'node:crypto';

/** A new session token (32 random bytes, base64url) and the SHA-256 the store keeps in its place. */
export function newSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSessionToken(token) };
}

/**
 * The stored form of a session token. Only the hash is kept, so a leaked database does not hand out live
 * sessions; a plain hash suffices because the token has 256 random bits (nothing to brute-force).
 */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
