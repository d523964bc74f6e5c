import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { Name } from './names.js';
import { SeverityName } from './rule.js';
import { splitHostPort, TlsConfig } from './server.js';

/** The SMTP submission port used when `listen` names only a host. */
export const DEFAULT_INBOUND_PORT = 2525;

/** Largest message accepted by default: 1 MiB, plenty for a text report, too small for an attachment dump. */
export const DEFAULT_INBOUND_SIZE_LIMIT = 1_048_576;

// A bare host (no port) gets the default port; `[::1]` style IPv6 works with or without one.
function withDefaultPort(value: unknown): unknown {
  if (typeof value !== 'string' || splitHostPort(value) !== undefined) return value;
  return /^(\[[^\]]*\]|[^:]+)$/.test(value) ? `${value}:${DEFAULT_INBOUND_PORT}` : value;
}

const InboundListen = z.preprocess(
  withDefaultPort,
  z.string().refine((text) => splitHostPort(text) !== undefined, {
    message: `expected host or host:port, such as 127.0.0.1:${DEFAULT_INBOUND_PORT}, 0.0.0.0 or [::1]:25`,
  }),
);

const MailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
    message: 'expected a mail domain such as noc.example.com (no @, no port)',
  });

/** Incident reports received by e-mail: an SMTP listener that registers or updates incidents. */
export const InboundEmailConfig = z.strictObject({
  /** `host:port` (or a bare host, port 2525) the SMTP listener binds. */
  listen: InboundListen.default(`127.0.0.1:${DEFAULT_INBOUND_PORT}`),
  /** Recipient domains accepted at RCPT TO; any other recipient is refused with 550. */
  allowed_domains: z.array(MailDomain).min(1, { message: 'name at least one domain whose mail becomes incidents' }),
  /** Largest message in bytes, announced with SIZE and enforced (552 beyond it). */
  size_limit: z
    .int({ error: 'expected a whole number of bytes' })
    .min(1_024, { message: 'must be at least 1024 bytes' })
    .default(DEFAULT_INBOUND_SIZE_LIMIT),
  /** Severity of incidents registered from e-mail; an operator re-triages them. */
  default_severity: SeverityName.default('S3'),
  /** E-mail channel that sends the sender the tracking number; absent: no reply. */
  reply_channel: Name.optional(),
  /** Certificate and key for STARTTLS; absent: plain SMTP only (fine on loopback or behind a relay). */
  tls: TlsConfig.optional(),
  /** Senders do not authenticate: the listener is meant to sit behind the organisation's mail relay. */
  auth: z.literal('none', { error: "expected 'none' (the listener takes no SMTP AUTH)" }).default('none'),
});
/** Incident reports received by e-mail. */
export type InboundEmailConfig = DeepReadonly<z.infer<typeof InboundEmailConfig>>;
