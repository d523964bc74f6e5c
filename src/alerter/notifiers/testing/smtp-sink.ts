import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One accepted mail, parsed, with what the SMTP session knew. */
export interface ReceivedMail {
  readonly mail: ParsedMail;
  readonly raw: string;
  readonly envelopeTo: readonly string[];
  readonly user: string | undefined;
  /** The session ran over TLS (STARTTLS or implicit). */
  readonly secure: boolean;
}

/** How a sink answers, besides accepting. */
export interface SmtpSinkOptions {
  /** A reply code to answer the DATA of attempt `n` (1-based) with, or undefined to accept it. */
  readonly refuse?: (attempt: number) => { code: number; message: string } | undefined;
  /** Accepted credentials; when given, AUTH is required. */
  readonly credentials?: { readonly user: string; readonly password: string };
  /** Offer STARTTLS with this certificate; without it STARTTLS is disabled. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** A real SMTP server on 127.0.0.1 that parses what it accepts. */
export interface SmtpSink {
  readonly port: number;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

function replyError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Starts an SMTP server on a random loopback port. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let attempts = 0;
  const { credentials, tls, refuse } = options;
  const serverOptions: SMTPServerOptions = {
    secure: false,
    authOptional: credentials === undefined,
    allowInsecureAuth: true,
    disabledCommands: tls === undefined ? ['STARTTLS'] : [],
    ...(tls === undefined ? {} : { key: tls.key, cert: tls.cert }),
    logger: false,
    onAuth(auth, _session, callback) {
      if (credentials !== undefined && auth.username === credentials.user && auth.password === credentials.password) {
        callback(null, { user: auth.username });
        return;
      }
      callback(replyError(535, 'Authentication credentials invalid'));
    },
    onData(stream, session, callback) {
      attempts += 1;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = refuse?.(attempts);
        if (refusal !== undefined) {
          callback(replyError(refusal.code, refusal.message));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (mail) => {
            mails.push({
              mail,
              raw,
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              user: typeof session.user === 'string' ? session.user : undefined,
              secure: session.secure,
            });
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
