import type { IncomingMessage } from 'node:http';

/** Name of the cookie carrying the session token. */
export const SESSION_COOKIE = 'noc_session';

/** A session token has this shape (base64url of 32 bytes); anything else is ignored unread. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The session token of the request's `noc_session` cookie, if it has a well-formed one. */
export function sessionTokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (TOKEN_SHAPE.test(value)) return value;
  }
  return undefined;
}

/**
 * The Set-Cookie value that installs a session: HttpOnly (scripts never see it), SameSite=Strict (no
 * cross-site request carries it), Secure when browsers reach us over https. Without `maxAgeMs` the cookie
 * lasts as long as the browser runs (wall screens: the server decides when the session ends).
 */
export function sessionCookie(token: string, options: { secure: boolean; maxAgeMs?: number }): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (options.maxAgeMs !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeMs / 1000))}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The Set-Cookie value that removes the session cookie from the browser. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
