import nodemailer from 'nodemailer';
import type { MailMessage, MailSender } from '../../core/index.js';
import type { ChannelConfigOf } from './channel-config.js';
import { messageIdFor, smtpDeliveryError } from './email.js';
import { smtpPoolOptions } from './smtp-options.js';

/** Sends plain mail with attachments (the monthly reports) through an e-mail channel's SMTP server and sender. */
export function createMailSender(config: ChannelConfigOf<'email'>): MailSender {
  const transport = nodemailer.createTransport(smtpPoolOptions(config.smtp));
  return {
    async send(message: MailMessage): Promise<void> {
      const to = message.to.length > 0 ? message.to : config.to;
      if (to.length === 0) throw new Error(`channel "${config.name}" has no recipients`);
      try {
        await transport.sendMail({
          from: config.from,
          to: [...to],
          subject: message.subject,
          text: message.text,
          messageId: messageIdFor(message.idempotencyKey, config.from),
          attachments: (message.attachments ?? []).map(({ filename, content, contentType }) => ({ filename, content, contentType })),
        });
      } catch (error) {
        throw smtpDeliveryError(error);
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
