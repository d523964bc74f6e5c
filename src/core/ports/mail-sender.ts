/** A file attached to a mail. */
export interface MailAttachment {
  readonly filename: string;
  readonly content: string;
  readonly contentType: string;
}

/** A mail that is not an incident notification (reports). */
export interface MailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly attachments?: readonly MailAttachment[];
  /** Same key, same Message-ID: a mail sent twice is recognisable as one. */
  readonly idempotencyKey: string;
}

/** Sends mail through an e-mail channel's SMTP server. */
export interface MailSender {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}
