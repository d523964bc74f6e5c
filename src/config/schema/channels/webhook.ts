import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { Name } from '../names.js';
import { Secret } from '../secret.js';
import { HookTimeout, HookUrl } from './channel-common.js';

/** Shortest accepted HMAC key: shorter keys make forged signatures guessable. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

// Set by the notifier itself; a configured value would break the signature or the dedup contract.
const RESERVED_HEADERS = ['content-type', 'content-length', 'idempotency-key', 'x-noc-signature', 'x-noc-timestamp'];

const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'expected an HTTP header name such as X-Api-Key' });

const ExtraHeaders = z.record(HeaderName, z.string()).superRefine((headers, ctx) => {
  for (const name of Object.keys(headers)) {
    if (RESERVED_HEADERS.includes(name.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: [name], message: `header "${name}" is set by the webhook itself` });
    }
  }
});

/** A generic JSON webhook, optionally signed with HMAC-SHA256. */
export const WebhookChannelConfig = z.strictObject({
  name: Name,
  kind: z.literal('webhook'),
  url: HookUrl,
  /** HMAC-SHA256 key for `X-NOC-Signature`; usually through `secret_file` or `${ENV}`. */
  secret: Secret.refine((value) => value.length >= MIN_WEBHOOK_SECRET_LENGTH, {
    message: `too short: a webhook secret needs at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`,
  }).optional(),
  /** Extra request headers (an API key the receiver wants, for instance). */
  headers: ExtraHeaders.default({}),
  timeout: HookTimeout,
});
/** A webhook channel's config. */
export type WebhookChannelConfig = DeepReadonly<z.infer<typeof WebhookChannelConfig>>;
