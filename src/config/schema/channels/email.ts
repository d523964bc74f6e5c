import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { PositiveDuration } from '../duration.js';
import { Name } from '../names.js';
import { Secret } from '../secret.js';
import { NotificationLanguage } from './channel-common.js';

const ADDRESS_HINT = 'expected an e-mail address such as noc@example.net';
const PORT_HINT = 'expected a port number from 1 to 65535';
const BARE_ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^<>]+)>$/;

/** The bare address of `noc@example.net` or `NOC <noc@example.net>`, or undefined when it is neither. */
export function mailboxAddress(text: string): string | undefined {
  const trimmed = text.trim();
  const address = NAMED_ADDRESS.exec(trimmed)?.[1]?.trim() ?? trimmed;
  return BARE_ADDRESS.test(address) ? address : undefined;
}

/** One mailbox: `noc@example.net` or `NOC <noc@example.net>`. */
export const MailAddress = z
  .string()
  .trim()
  .refine((text) => mailboxAddress(text) !== undefined, { error: (issue) => `${ADDRESS_HINT}, got ${JSON.stringify(issue.input)}` });

// `${SMTP_USER:-}` expands to "": an empty credential means none.
const OptionalCredential = <T extends z.ZodType<string>>(schema: T) =>
  schema.transform((value) => (value === '' ? undefined : value)).optional();

const PemCertificates = z.string().refine((text) => text.includes('-----BEGIN CERTIFICATE-----'), {
  message: 'expected PEM certificates (-----BEGIN CERTIFICATE----- …), usually through ca_file',
});

/** How the notifier reaches its SMTP server. */
export const SmtpConfig = z
  .strictObject({
    host: z.string().trim().min(1).default('localhost'),
    /** Defaults to 465 with `tls`, else 587 (submission). */
    port: z
      .int({ error: PORT_HINT })
      .min(1, { message: PORT_HINT })
      .max(65535, { message: PORT_HINT })
      .optional(),
    /** Implicit TLS from the first byte (SMTPS, usually port 465). */
    tls: z.boolean().default(false),
    /** Upgrade a plain connection with STARTTLS: insist, use it when offered, or never. */
    starttls: z.enum(['required', 'opportunistic', 'off']).default('opportunistic'),
    user: OptionalCredential(z.string()),
    password: OptionalCredential(Secret),
    /** CA certificates (PEM) to trust instead of the system roots, for servers with private certificates. */
    ca: PemCertificates.optional(),
    /** Limit for connecting, the greeting and every command. */
    timeout: PositiveDuration.prefault('30s'),
  })
  .superRefine((smtp, ctx) => {
    if (smtp.password !== undefined && smtp.user === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'a password needs a user' });
    }
    if (smtp.user !== undefined && smtp.password === undefined) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'a user needs a password (or password_file)' });
    }
    if (smtp.tls && smtp.starttls === 'required') {
      ctx.addIssue({ code: 'custom', path: ['starttls'], message: 'starttls does not apply to tls: true (the connection is encrypted from the start)' });
    }
  })
  .transform((smtp) => ({ ...smtp, port: smtp.port ?? (smtp.tls ? 465 : 587) }));
/** SMTP settings of an e-mail channel. */
export type SmtpConfig = DeepReadonly<z.infer<typeof SmtpConfig>>;

/** An e-mail channel: HTML and plain-text mail through an SMTP server. */
export const EmailChannelConfig = z.strictObject({
  name: Name,
  kind: z.literal('email'),
  /** Default recipients; a message that names its own (`to`) replaces them. May be empty only for such messages. */
  to: z.array(MailAddress).default([]),
  from: MailAddress.default('NOC <noc@localhost>'),
  language: NotificationLanguage,
  smtp: SmtpConfig.prefault({}),
});
/** An e-mail channel's config. */
export type EmailChannelConfig = DeepReadonly<z.infer<typeof EmailChannelConfig>>;
