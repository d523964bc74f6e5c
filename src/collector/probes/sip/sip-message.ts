import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/** The magic cookie that marks an RFC 3261 branch. */
export const BRANCH_COOKIE = 'z9hG4bK';

/** Compact header names (RFC 3261 §7.3.3 and extensions) and the full names they stand for. */
const COMPACT: Readonly<Record<string, string>> = {
  v: 'via',
  i: 'call-id',
  f: 'from',
  t: 'to',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  e: 'content-encoding',
  k: 'supported',
  s: 'subject',
  o: 'event',
  u: 'allow-events',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
};

/** What an OPTIONS request is built from. */
export interface OptionsRequest {
  readonly requestUri: string;
  /** `UDP`, `TCP` or `TLS`, as written in the Via. */
  readonly viaTransport: 'UDP' | 'TCP' | 'TLS';
  readonly localHost: string;
  readonly localPort: number;
  readonly branch: string;
  readonly fromUser: string;
  /** The host of the From URI: the domain asked about. */
  readonly fromHost: string;
  readonly tag: string;
  readonly callId: string;
  readonly userAgent: string;
}

/** A parsed SIP response. */
export interface SipResponse {
  readonly status: number;
  readonly reason: string;
  /** Header values by lower-case full name, in order; folded lines joined, compact names expanded. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
}

/** A fresh random token for branches, tags and Call-IDs. */
export function randomToken(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

/** A fresh RFC 3261 branch (with the magic cookie). */
export function newBranch(): string {
  return `${BRANCH_COOKIE}${randomToken()}`;
}

/** `host` as written in a SIP URI or Via: IPv6 in brackets. */
export function uriHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** The text of an OPTIONS request, CRLF line ends, no body. */
export function buildOptions(request: OptionsRequest): string {
  return new OptionsTemplate(request).render(request.branch, request.tag, request.callId);
}

/** What an {@link OptionsTemplate} is built from: a request without its per-transaction tokens. */
export type OptionsTemplateParts = Omit<OptionsRequest, 'branch' | 'tag' | 'callId'>;

/**
 * An OPTIONS request with everything but the branch, the From tag and the Call-ID written once: a probe
 * sends the same request thousands of times a second from one local address, and rebuilding thirteen
 * header lines each time was a measurable share of its CPU.
 */
export class OptionsTemplate {
  private readonly beforeBranch: string;
  private readonly beforeTag: string;
  private readonly beforeCallId: string;
  private readonly tail: string;

  constructor(parts: OptionsTemplateParts) {
    const local = `${uriHost(parts.localHost)}:${parts.localPort}`;
    const contactTransport = parts.viaTransport === 'UDP' ? '' : `;transport=${parts.viaTransport.toLowerCase()}`;
    this.beforeBranch = `OPTIONS ${parts.requestUri} SIP/2.0\r\nVia: SIP/2.0/${parts.viaTransport} ${local};branch=`;
    this.beforeTag = `;rport\r\nMax-Forwards: 70\r\nFrom: <sip:${parts.fromUser}@${uriHost(parts.fromHost)}>;tag=`;
    this.beforeCallId = `\r\nTo: <${parts.requestUri}>\r\nCall-ID: `;
    this.tail = [
      '',
      'CSeq: 1 OPTIONS',
      `Contact: <sip:${parts.fromUser}@${local}${contactTransport}>`,
      `User-Agent: ${parts.userAgent}`,
      'Accept: application/sdp',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  }

  /** The request text with these tokens (a fresh transaction: CSeq 1, as each has its own Call-ID). */
  render(branch: string, tag: string, callId: string): string {
    return this.beforeBranch + branch + this.beforeTag + tag + this.beforeCallId + callId + this.tail;
  }
}

/**
 * Random hex tokens cut from one pooled draw of random bytes. Every byte is used once, so tokens are as
 * unpredictable as a `randomBytes` call each; but that call crosses into C++ and was ~15 % of a UDP
 * probe's CPU when made three times per request. The default pool lasts 18 requests: small, as every
 * probe keeps its own.
 */
export class RandomTokens {
  private hex = '';
  private at = 0;

  constructor(private readonly poolBytes = 512) {}

  /** A token of `bytes` random bytes, as 2·`bytes` hex digits. */
  next(bytes: number): string {
    const chars = bytes * 2;
    if (this.at + chars > this.hex.length) {
      this.hex = randomBytes(Math.max(this.poolBytes, bytes)).toString('hex');
      this.at = 0;
    }
    const token = this.hex.slice(this.at, this.at + chars);
    this.at += chars;
    return token;
  }
}

/** Parses a SIP response; undefined when `text` is not one (a request, or garbage). */
export function parseResponse(text: string): SipResponse | undefined {
  const split = text.search(/\r?\n\r?\n/);
  const head = split === -1 ? text : text.slice(0, split);
  const body = split === -1 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
  const lines = head.split(/\r?\n/);
  const status = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) return undefined;
  const headers = new Map<string, string[]>();
  let last: { name: string; index: number } | undefined;
  for (const line of lines.slice(1)) {
    // A line starting with whitespace continues the previous header (folding, RFC 3261 §7.3.1).
    if (/^[ \t]/.test(line)) {
      const values = last === undefined ? undefined : headers.get(last.name);
      if (values !== undefined && last !== undefined) values[last.index] = `${values[last.index] ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    const values = headers.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(name, values);
    last = { name, index: values.length - 1 };
  }
  return { status: Number(status[1]), reason: status[2] ?? '', headers, body };
}

/** The branch of the topmost Via of a response; undefined without one. */
export function topBranch(response: SipResponse): string | undefined {
  const via = response.headers.get('via')?.[0];
  if (via === undefined) return undefined;
  // One Via header may carry several comma-separated values: the first is the topmost.
  const first = via.split(',')[0] ?? '';
  return /;\s*branch\s*=\s*([^;,\s]+)/i.exec(first)?.[1];
}

/**
 * The length in bytes of the first complete message in a stream buffer (headers, then Content-Length bytes
 * of body); undefined while it is incomplete. Stream transports require Content-Length (RFC 3261 §18.3).
 */
export function completeMessageLength(buffer: Buffer): number | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const head = buffer.subarray(0, end).toString('latin1');
  const match = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im.exec(head);
  const total = end + 4 + (match ? Number(match[1]) : 0);
  return buffer.length >= total ? total : undefined;
}
