import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { ChannelConfigOf } from './channel-config.js';
import { DeliveryError, type Notifier, type OutgoingMessage } from './notification.js';
import type { NotifierDeps } from './notifier-deps.js';
import { renderEmail } from './render-email.js';
import { smtpPoolOptions } from './smtp-options.js';


const MSG_ID_SAFE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*[A-Za-z0-9_-]$/;

/** The domain of `noc@example.net` or `NOC <noc@example.net>`. */
function domainOf(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'localhost';
}

/**
 * `<key@domain>`: the same key gives the same Message-ID, so a mail delivered twice is recognisable as one.
 * Keys with characters a Message-ID cannot hold are hashed (still deterministic).
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const local = MSG_ID_SAFE.test(idempotencyKey) ? idempotencyKey : createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
  return `<${local}@${domainOf(from)}>`;
}

/** Why a send failed: SMTP 4xx and connection trouble are worth retrying, 5xx answers are final. */
export function smtpDeliveryError(error: unknown): DeliveryError {
  const fields = (error ?? {}) as { responseCode?: unknown; response?: unknown; code?: unknown; command?: unknown; message?: unknown };
  const text = String(typeof fields.response === 'string' ? fields.response : (fields.message ?? error)).replace(/\s+/g, ' ').trim();
  if (typeof fields.responseCode === 'number') {
    const permanent = fields.responseCode >= 500;
    const what = typeof fields.command === 'string' && fields.command !== 'DATA' ? fields.command.split(' ')[0] : 'the mail';
    return new DeliveryError(`SMTP server refused ${what} (${fields.responseCode}): ${text}`, !permanent, { cause: error });
  }
  const code = typeof fields.code === 'string' ? `${fields.code}: ` : '';
  return new DeliveryError(`SMTP delivery failed: ${code}${text}`, true, { cause: error });
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // The SMTP exchange cannot be cut short; the outbox retries and the Message-ID makes a late copy recognisable.
    const onAbort = () => reject(new DeliveryError('mail delivery was cancelled', true));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Sends HTML + plain-text mail through a pooled SMTP connection. */
export function createEmailNotifier(config: ChannelConfigOf<'email'>, deps: NotifierDeps): Notifier {
  const { smtp } = config;
  const log = deps.log.child({ channel: config.name, kind: config.kind });
  const transport = nodemailer.createTransport(smtpPoolOptions(smtp));

  return {
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const to = message.to !== undefined && message.to.length > 0 ? message.to : config.to;
      if (to.length === 0) {
        throw new DeliveryError(`channel "${config.name}" has no recipients: set "to" on the channel or on the message`, false);
      }
      if (signal.aborted) throw new DeliveryError('mail delivery was cancelled', true);
      const { subject, text, html } = renderEmail(message, config.language);
      const { notification } = message;
      const references = notification.type === 'incident' ? messageIdFor(`incident.${notification.incident.number}`, config.from) : undefined;
      let info: SMTPPool.SentMessageInfo;
      try {
        info = await untilAborted(
          transport.sendMail({
            from: config.from,
            to: [...to],
            subject,
            text,
            html,
            messageId: messageIdFor(message.idempotencyKey, config.from),
            // Mail clients thread every notice of one incident together.
            ...(references === undefined ? {} : { references }),
          }),
          signal,
        );
      } catch (error) {
        throw error instanceof DeliveryError ? error : smtpDeliveryError(error);
      }
      if (info.rejected.length > 0) log.warn({ key: message.idempotencyKey, rejected: info.rejected }, 'some recipients were refused');
      log.debug({ key: message.idempotencyKey, recipients: to.length }, 'mail delivered');
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
