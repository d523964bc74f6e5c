import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { ChannelConfigOf } from './channel-config.js';

// Enough for a burst of incidents without opening a connection per mail.
const MAX_CONNECTIONS = 2;

/** nodemailer pool options for an e-mail channel's SMTP server. */
export function smtpPoolOptions(smtp: ChannelConfigOf<'email'>['smtp']): SMTPPool.Options {
  return {
    pool: true,
    maxConnections: MAX_CONNECTIONS,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls,
    requireTLS: smtp.starttls === 'required',
    ignoreTLS: smtp.starttls === 'off',
    connectionTimeout: smtp.timeout,
    greetingTimeout: smtp.timeout,
    socketTimeout: smtp.timeout,
    ...(smtp.user !== undefined && smtp.password !== undefined ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    ...(smtp.ca !== undefined ? { tls: { ca: smtp.ca } } : {}),
    // Attachments are built in memory; refusing file paths and URLs closes a door for hostile content.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  };
}
