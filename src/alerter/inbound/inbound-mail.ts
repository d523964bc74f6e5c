import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';

/** An e-mail as the intake sees it: decoded, with only the fields an incident is built from. */
export interface InboundMail {
  /** The From header's address and display name (the envelope sender's address when the header has none). */
  readonly from: { readonly address: string; readonly name?: string };
  /** MAIL FROM; empty for the null sender `<>` of bounces and other automatic mail. */
  readonly envelopeSender: string;
  /** The Subject header, empty when there is none. */
  readonly subject: string;
  /** The plain body: the text part, else the text of the HTML part; untrimmed. */
  readonly text: string;
  /** The Message-ID header, or a digest of the raw message when it has none (retries carry the same bytes). */
  readonly messageId: string;
  /** The Date header, ms since the epoch. */
  readonly date?: number;
  /** Raw `Auto-Submitted` header (RFC 3834), e.g. `auto-replied`. */
  readonly autoSubmitted?: string;
  /** Raw `Precedence` header, e.g. `bulk`. */
  readonly precedence?: string;
}

/** What `looksLikeAddress` accepts: one `@`, no spaces or angle brackets, a dot-free domain allowed (`localhost`). */
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;

/** Whether `text` has the shape of a mailbox address `local@domain` (SMTP checks the rest). */
export function looksLikeAddress(text: string): boolean {
  return ADDRESS.test(text);
}

// mailparser already derives text from HTML; this covers a part it could not convert.
function textOfHtml(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A header's text whether mailparser kept it as a string or structured it as `{value, params}`. */
function headerText(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && typeof (first as { value?: unknown }).value === 'string') return (first as { value: string }).value;
  return undefined;
}

/** Decodes a raw RFC 5322 message received with envelope sender `envelopeSender` (empty for `<>`). */
export async function parseInboundMail(raw: Buffer, envelopeSender: string): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const author = parsed.from?.value.find((mailbox) => mailbox.address !== undefined && looksLikeAddress(mailbox.address.trim()));
  const address = author?.address?.trim() ?? envelopeSender;
  const name = author?.name.trim() ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  const text = parsed.text !== undefined && parsed.text.trim() !== '' ? parsed.text : html === undefined ? '' : textOfHtml(html);
  const date = parsed.date?.getTime();
  const autoSubmitted = headerText(parsed.headers.get('auto-submitted'));
  const precedence = headerText(parsed.headers.get('precedence'));
  return {
    from: name === '' ? { address } : { address, name },
    envelopeSender,
    subject: parsed.subject ?? '',
    text,
    messageId: parsed.messageId?.trim() || `<sha256-${createHash('sha256').update(raw).digest('hex')}@inbound.invalid>`,
    ...(date === undefined || Number.isNaN(date) ? {} : { date }),
    ...(autoSubmitted === undefined ? {} : { autoSubmitted }),
    ...(precedence === undefined ? {} : { precedence }),
  };
}

/**
 * Whether the message was sent by a machine (RFC 3834 `Auto-Submitted`, `Precedence: bulk|list|junk`, the
 * null sender): answering it could start a mail loop with another robot, so it gets no reply.
 */
export function isAutomaticMail(mail: InboundMail): boolean {
  if (mail.envelopeSender.trim() === '' || mail.envelopeSender.trim() === '<>') return true;
  const submitted = mail.autoSubmitted?.split(';')[0]?.trim().toLowerCase();
  if (submitted !== undefined && submitted !== '' && submitted !== 'no') return true;
  const precedence = mail.precedence?.trim().toLowerCase();
  return precedence === 'bulk' || precedence === 'list' || precedence === 'junk';
}
