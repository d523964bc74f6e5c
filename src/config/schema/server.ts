import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { ROLES } from '../../core/index.js';
import { Duration } from './duration.js';
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

/** A dashboard user; exactly one of `password_hash` or `password`. */
export const UserAccount = z
  .strictObject({
    username: Name,
    password_hash: Secret.optional(),
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
  /** Read-only token for wall screens, passed in the URL. */
  wall_token: Token.optional(),
  users: z.array(UserAccount).default([]),
  session_ttl: Duration.prefault('12h'),
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
