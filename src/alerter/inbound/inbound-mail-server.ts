import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { type Clock, isNocError, type Logger } from '../../core/index.js';
import { splitHostPort } from '../../config/index.js';
import type { InboundEmailConfig } from '../../config/schema/inbound-email.js';
import { type InboundMail, looksLikeAddress, parseInboundMail } from './inbound-mail.js';
import type { MailOutcome } from './mail-to-incident.js';

/** An SMTP refusal: smtp-server answers with `responseCode` and the message. */
class SmtpRefusal extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'SmtpRefusal';
  }
}

/** What the listener hands each accepted message to (`MailToIncident`). */
export interface MailIntake {
  accept(mail: InboundMail, at: number): Promise<MailOutcome>;
  /** Whether senders get their tracking number back. */
  readonly replies: boolean;
}

/** What `InboundMailServer` works with. */
export interface InboundMailServerDeps {
  readonly config: InboundEmailConfig;
  readonly intake: MailIntake;
  readonly clock: Clock;
  readonly log: Logger;
}

/** Where a started listener accepts mail. */
export interface InboundMailAddress {
  readonly host: string;
  readonly port: number;
}

// A relay waits this long for our answer to DATA; storing an incident takes far less.
const SOCKET_TIMEOUT_MS = 120_000;
// On shutdown, sessions still talking get this long before they are cut (their mail is retried).
const CLOSE_TIMEOUT_MS = 5_000;

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The SMTP listener for incident reports: takes mail for the allowed domains only, and answers 250 only
 * once the incident is stored, so any failure becomes a 4xx the sending server retries.
 */
export class InboundMailServer {
  private readonly log: Logger;
  private readonly allowed: ReadonlySet<string>;
  private server: SMTPServer | undefined;
  private bound: InboundMailAddress | undefined;

  constructor(private readonly deps: InboundMailServerDeps) {
    this.log = deps.log.child({ component: 'inbound-email' });
    this.allowed = new Set(deps.config.allowed_domains.map((domain) => domain.toLowerCase()));
  }

  /** Where it listens; undefined before `start`. */
  get address(): InboundMailAddress | undefined {
    return this.bound;
  }

  /** Binds `config.listen`; rejects on a bind error (port taken, no permission). */
  async start(): Promise<InboundMailAddress> {
    const listen = splitHostPort(this.deps.config.listen);
    if (listen === undefined) throw new Error(`inbound_email.listen: "${this.deps.config.listen}" is not host:port`);
    const tls = this.deps.config.tls;
    const options: SMTPServerOptions = {
      banner: 'NOC incident intake',
      logger: false,
      authOptional: true,
      // No TLS configured: not offering STARTTLS beats offering it with smtp-server's built-in self-signed certificate.
      disabledCommands: tls === undefined ? ['AUTH', 'STARTTLS'] : ['AUTH'],
      ...(tls === undefined ? {} : { key: tls.key, cert: tls.cert }),
      size: this.deps.config.size_limit,
      socketTimeout: SOCKET_TIMEOUT_MS,
      closeTimeout: CLOSE_TIMEOUT_MS,
      onMailFrom: (address, _session, callback) => {
        // The null sender `<>` (bounces, receipts) is legal SMTP; it is reported, just never answered.
        if (address.address !== '' && !looksLikeAddress(address.address)) {
          callback(new SmtpRefusal(553, `5.1.7 <${address.address}>: the sender must be an e-mail address such as ana@example.com`));
          return;
        }
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        if (!this.allowed.has(domainOf(address.address))) {
          callback(
            new SmtpRefusal(550, `5.7.1 <${address.address}>: this server takes incident reports for ${[...this.allowed].join(', ')} only`),
          );
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    };
    const server = new SMTPServer(options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error: Error) => this.log.warn({ err: error.message }, 'SMTP session error'));
    this.server = server;
    const info = server.server.address() as AddressInfo;
    this.bound = { host: info.address, port: info.port };
    this.log.info(
      { listen: `${this.bound.host}:${this.bound.port}`, domains: [...this.allowed], starttls: tls !== undefined },
      'accepting incident reports by e-mail',
    );
    if (!this.deps.intake.replies) this.log.info('inbound e-mail: no reply_channel, so senders get no tracking-number reply');
    return this.bound;
  }

  /** Stops listening; sessions still open get a few seconds to finish. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.bound = undefined;
    if (server === undefined) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void): void {
    const limit = this.deps.config.size_limit;
    const chunks: Buffer[] = [];
    let kept = 0;
    let oversize = false;
    stream.on('data', (chunk: Buffer) => {
      // Keep reading past the limit (the client is still sending) but stop keeping it.
      if (oversize || kept + chunk.length > limit) oversize = true;
      else {
        chunks.push(chunk);
        kept += chunk.length;
      }
    });
    stream.once('error', (error: Error) => callback(error));
    stream.once('end', () => {
      if (oversize || stream.sizeExceeded) {
        callback(new SmtpRefusal(552, `5.3.4 message larger than the ${limit} bytes this server accepts`));
        return;
      }
      const envelope = session.envelope.mailFrom;
      const sender = envelope === false ? '' : envelope.address;
      this.deliver(Buffer.concat(chunks), sender).then(
        (reply) => callback(null, reply),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  private async deliver(raw: Buffer, envelopeSender: string): Promise<string> {
    let mail: InboundMail;
    try {
      mail = await parseInboundMail(raw, envelopeSender);
    } catch (error) {
      this.log.warn({ err: (error as Error).message, bytes: raw.length }, 'e-mail could not be parsed');
      throw new SmtpRefusal(550, '5.6.0 the message could not be parsed');
    }
    if (!looksLikeAddress(mail.from.address)) {
      this.log.warn({ messageId: mail.messageId }, 'e-mail without a sender address refused');
      throw new SmtpRefusal(550, '5.1.7 the message has no sender address (From or MAIL FROM) to register the report under');
    }
    try {
      const outcome = await this.deps.intake.accept(mail, this.deps.clock.now());
      const what = outcome.duplicate ? 'already processed as' : outcome.event === 'received' ? 'registered as' : 'added to';
      return `2.0.0 OK: ${what} ${outcome.incident.number}`;
    } catch (error) {
      // The message id says which mail; the body may hold customer data and never reaches the log.
      const code = isNocError(error) ? error.code : undefined;
      this.log.error({ messageId: mail.messageId, code, err: (error as Error).message }, 'e-mail report could not be stored; the sender will retry');
      if (isNocError(error, 'bad_request')) throw new SmtpRefusal(550, `5.6.0 the report was refused: ${error.message}`);
      throw new SmtpRefusal(451, '4.3.0 the report could not be stored right now; try again later');
    }
  }
}
