import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Logger } from '../core/index.js';

/** Mails the sink keeps by default: enough to follow a demo, bounded so a storm cannot fill memory. */
export const MAIL_SINK_CAPACITY = 200;

// Notification mails are small; this only stops a runaway sender.
const SINK_SIZE_LIMIT = 5 * 1_048_576;
const MAX_TEXT_CHARS = 100_000;

/** One mail the sink received. Times are ms since the epoch. */
export interface SunkMail {
  /** 1, 2, 3… in arrival order. */
  readonly id: number;
  readonly receivedAt: number;
  /** MAIL FROM (empty for the null sender) and RCPT TO. */
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** The From, To and Subject headers as text. */
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly date?: number;
  readonly messageId?: string;
  /** The plain body (the text of the HTML part when there is no text part). */
  readonly text: string;
}

/** A running mail sink. */
export interface MailSink {
  readonly host: string;
  readonly port: number;
  /** The kept mails, newest first. */
  messages(): readonly SunkMail[];
  close(): Promise<void>;
}

/** Where and how to run the sink. */
export interface MailSinkOptions {
  readonly address: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly now: () => number;
  readonly log: Logger;
  readonly capacity?: number;
}

function addressText(value: { text: string } | { text: string }[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.map((one) => one.text).join(', ') : value.text;
}

/**
 * The lab's SMTP server: takes every mail for any recipient (no relaying, nothing leaves the machine)
 * and keeps the last ones, so a newcomer sees what the NOC would have sent.
 */
export async function startMailSink(options: MailSinkOptions): Promise<MailSink> {
  const capacity = options.capacity ?? MAIL_SINK_CAPACITY;
  const log = options.log.child({ component: 'lab-mail' });
  const kept: SunkMail[] = [];
  let nextId = 1;
  const server = new SMTPServer({
    banner: 'NOC lab mail sink (nothing is delivered)',
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: SINK_SIZE_LIMIT,
    // Any user and password: notifier configs that carry credentials work against the sink unchanged.
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'lab' }),
    onData: (stream, session, callback) => {
      simpleParser(stream, { skipImageLinks: true, skipTextToHtml: true })
        .then((parsed) => {
          if (stream.sizeExceeded) {
            callback(Object.assign(new Error(`5.3.4 message over ${SINK_SIZE_LIMIT} bytes`), { responseCode: 552 }));
            return;
          }
          const envelopeFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
          const date = parsed.date?.getTime();
          const mail: SunkMail = {
            id: nextId++,
            receivedAt: options.now(),
            envelopeFrom,
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: addressText(parsed.from),
            to: addressText(parsed.to),
            subject: parsed.subject ?? '',
            ...(date === undefined || Number.isNaN(date) ? {} : { date }),
            ...(parsed.messageId === undefined ? {} : { messageId: parsed.messageId }),
            text: (parsed.text ?? '').trimEnd().slice(0, MAX_TEXT_CHARS),
          };
          kept.unshift(mail);
          kept.splice(capacity);
          log.info({ id: mail.id, to: mail.envelopeTo, subject: mail.subject }, 'lab mail received');
          callback(null, `2.0.0 kept as lab mail #${mail.id}`);
        })
        .catch((error: unknown) => {
          stream.resume();
          callback(Object.assign(new Error('5.6.0 the message could not be parsed'), { responseCode: 550, cause: error }));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error: Error) => log.warn({ err: error.message }, 'lab mail session error'));
  const bound = server.server.address() as AddressInfo;
  return {
    host: bound.address,
    port: bound.port,
    messages: () => [...kept],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

function when(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/** The sink's mailbox as a page: newest first, every field escaped (mail text is whatever a sender wrote). */
export function renderMailPage(mails: readonly SunkMail[], smtp: string): string {
  const items = mails
    .map(
      (mail) => `<article>
<h2>${escapeHtml(mail.subject === '' ? '(no subject)' : mail.subject)}</h2>
<dl>
<dt>From</dt><dd>${escapeHtml(mail.from || mail.envelopeFrom || '<>')}</dd>
<dt>To</dt><dd>${escapeHtml(mail.to || mail.envelopeTo.join(', '))}</dd>
<dt>Date</dt><dd>${escapeHtml(when(mail.date ?? mail.receivedAt))}</dd>
<dt>Received</dt><dd>${escapeHtml(when(mail.receivedAt))} (#${mail.id})</dd>
</dl>
<pre>${escapeHtml(mail.text)}</pre>
</article>`,
    )
    .join('\n');
  const empty = `<p>No mail yet. Point an e-mail channel at <code>${escapeHtml(smtp)}</code> (plain SMTP, no TLS, any or no login).</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lab mail (${mails.length})</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 60rem; }
article { border: 1px solid #ccc; border-radius: 6px; padding: 0 1rem 1rem; margin-bottom: 1rem; }
dl { display: grid; grid-template-columns: 6rem 1fr; margin: 0; }
dt { color: #666; }
dd { margin: 0; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: .75rem; }
</style>
</head>
<body>
<h1>Lab mail</h1>
<p>Everything sent to the lab's SMTP sink at <code>${escapeHtml(smtp)}</code>, newest first (only the most recent are kept; nothing is delivered). Also as <a href="/mail.json">JSON</a>.</p>
${mails.length === 0 ? empty : items}
</body>
</html>
`;
}
