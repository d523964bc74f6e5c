import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { ROLES } from '../../core/index.js';
import { PositiveDuration } from './duration.js';
import { Name } from './names.js';
import { Secret, Token } from './secret.js';

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]*):(\d{1,5})$/;

/** Splits `host:port` (`[::1]:9700` for IPv6); undefined when it is not one. An empty host means all interfaces. */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const match = HOST_PORT.exec(text);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65_535) return undefined;
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
}

/** An address to listen on, `host:port`. */
export const ListenAddress = z.string().refine((text) => splitHostPort(text) !== undefined, {
  message: 'expected host:port, such as 127.0.0.1:9700, 0.0.0.0:9700 or [::1]:9700',
});

/** A dashboard role. */
export const RoleName = z.enum(ROLES as ['viewer', 'operator', 'admin']);

/** A static API token with the role it grants. */
export const ApiToken = z.strictObject({ name: Name, token: Token, role: RoleName });
/** A static API token. */
export type ApiToken = DeepReadonly<z.infer<typeof ApiToken>>;

/** Bounds of the scrypt parameters accepted in a stored password hash. */
export const SCRYPT_LIMITS = {
  /** Below this cost factor a hash is too cheap to brute-force offline; refused in configuration files. */
  minConfigN: 2 ** 14,
  maxN: 2 ** 22,
  maxR: 32,
  maxP: 16,
  /** 128·N·r bytes of memory per hash: bounded so a hostile hash cannot exhaust the process. */
  maxMemory: 1024 * 1024 * 1024,
  minSaltBytes: 16,
  minKeyBytes: 16,
  maxKeyBytes: 128,
} as const;

/** The parts of a `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` password hash. */
export interface ScryptHashParts {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

const SCRYPT_HASH = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/**
 * Parses a scrypt password hash; a reason in words when it is not a usable one. Never echoes the text:
 * a hash is still a secret (it allows offline guessing).
 */
export function parseScryptHash(text: string): { ok: true; hash: ScryptHashParts } | { ok: false; reason: string } {
  const match = SCRYPT_HASH.exec(text.trim());
  if (!match) return { ok: false, reason: 'expected scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>' };
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const salt = Buffer.from(match[4] as string, 'base64');
  const key = Buffer.from(match[5] as string, 'base64');
  if (N < 2 || N > SCRYPT_LIMITS.maxN || (N & (N - 1)) !== 0) return { ok: false, reason: `N must be a power of two up to 2^22, got ${N}` };
  if (r < 1 || r > SCRYPT_LIMITS.maxR) return { ok: false, reason: `r must be from 1 to ${SCRYPT_LIMITS.maxR}, got ${r}` };
  if (p < 1 || p > SCRYPT_LIMITS.maxP) return { ok: false, reason: `p must be from 1 to ${SCRYPT_LIMITS.maxP}, got ${p}` };
  if (128 * N * r > SCRYPT_LIMITS.maxMemory) return { ok: false, reason: 'N·r needs more than 1 GiB of memory' };
  if (salt.length < SCRYPT_LIMITS.minSaltBytes) return { ok: false, reason: `the salt must have at least ${SCRYPT_LIMITS.minSaltBytes} bytes` };
  if (key.length < SCRYPT_LIMITS.minKeyBytes || key.length > SCRYPT_LIMITS.maxKeyBytes) {
    return { ok: false, reason: `the hash must have ${SCRYPT_LIMITS.minKeyBytes} to ${SCRYPT_LIMITS.maxKeyBytes} bytes` };
  }
  return { ok: true, hash: { N, r, p, salt, key } };
}

/** A password hash in a configuration file: scrypt, at least as costly as N=2^14. */
export const PasswordHash = Secret.superRefine((text, ctx) => {
  const parsed = parseScryptHash(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `not a usable password hash: ${parsed.reason} (scrypt$32768$8$1$<salt>$<hash>)` });
  } else if (parsed.hash.N < SCRYPT_LIMITS.minConfigN) {
    ctx.addIssue({ code: 'custom', message: `password hash too cheap: N must be at least ${SCRYPT_LIMITS.minConfigN}` });
  }
});

/** A login name: starts with a letter or digit, then letters, digits, `_ . @ -`; at most 64 characters. */
export const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/, { message: 'expected a username: a letter or digit, then letters, digits, _ . @ - (at most 64)' });
/** A login name. */
export type Username = z.infer<typeof Username>;

/** A dashboard user; exactly one of `password_hash` (scrypt) or `password` (hashed at start). */
export const UserAccount = z
  .strictObject({
    username: Username,
    password_hash: PasswordHash.optional(),
    password: Secret.optional(),
    role: RoleName,
  })
  .refine((user) => (user.password === undefined) !== (user.password_hash === undefined), {
    message: 'give exactly one of password_hash or password',
  });
/** A dashboard user. */
export type UserAccount = DeepReadonly<z.infer<typeof UserAccount>>;

/** Who may use the dashboard and API. */
export const AuthConfig = z.strictObject({
  tokens: z.array(ApiToken).default([]),
  /** Read-only token for wall screens, passed once in the URL (`/wall?token=…`) and traded for a session. */
  wall_token: Token.optional(),
  /** Users seeded into the user store at start; the file stays authoritative for them. */
  users: z.array(UserAccount).default([]),
  /** How long a login lasts (a wall session is renewed while in use). */
  session_ttl: PositiveDuration.prefault('12h'),
});
/** Who may use the dashboard and API. */
export type AuthConfig = DeepReadonly<z.infer<typeof AuthConfig>>;

/** TLS certificate and key, PEM text (usually loaded with `cert_file` / `key_file`). */
export const TlsConfig = z.strictObject({ cert: z.string(), key: Secret });
/** TLS certificate and key. */
export type TlsConfig = DeepReadonly<z.infer<typeof TlsConfig>>;

/** The dashboard / API server. */
export const ServerConfig = z.strictObject({
  listen: ListenAddress.default('127.0.0.1:9700'),
  /** Where people reach this server (behind a proxy, by its public name): notifications link to incidents there. */
  public_url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://noc.example.net' }).optional(),
  auth: AuthConfig.prefault({}),
  tls: TlsConfig.optional(),
});
/** The dashboard / API server. */
export type ServerConfig = DeepReadonly<z.infer<typeof ServerConfig>>;
