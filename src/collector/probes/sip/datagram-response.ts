import { parseResponse, topBranch, type SipResponse } from './sip-message.js';

/** A response read from one datagram, with what client-transaction matching (RFC 3261 §17.1.3) needs. */
export interface ReceivedResponse extends SipResponse {
  /** The branch of the topmost Via. */
  readonly branch: string;
  /** The method in CSeq; undefined when the response has no CSeq. */
  readonly cseqMethod: string | undefined;
}

const SP = 0x20;
const HT = 0x09;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Reads a SIP response datagram for demultiplexing: the status line, the branch of the topmost Via and the
 * CSeq method, found by scanning the header names without splitting or parsing the other headers. The
 * reason phrase, the headers and the body are decoded only when asked for (a healthy run never asks).
 * Undefined for anything that is not a response with a Via branch. A folded topmost Via (rare) goes
 * through the full parser, so the result is always the one {@link parseResponse} and {@link topBranch} give.
 */
export function readResponseDatagram(data: Buffer): ReceivedResponse | undefined {
  // latin1 maps each byte to one char, so string offsets are byte offsets into `data`, and the ASCII
  // structure of the message is found without UTF-8 decoding; text fields are decoded as UTF-8 from `data`.
  const text = data.toString('latin1');
  if (!text.startsWith('SIP/2.0 ')) return undefined;
  const d0 = text.charCodeAt(8) - 0x30;
  const d1 = text.charCodeAt(9) - 0x30;
  const d2 = text.charCodeAt(10) - 0x30;
  if (!(d0 >= 1 && d0 <= 6 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return undefined;
  const statusEnd = lineEnd(text, 0);
  const statusStop = withoutCr(text, 0, statusEnd);
  if (statusStop > 11 && text.charCodeAt(11) !== SP) return undefined;

  let branch: string | undefined;
  let sawVia = false;
  let cseqMethod: string | undefined;
  let sawCseq = false;
  let pos = statusEnd + 1;
  while (pos < text.length && !(sawVia && sawCseq)) {
    const end = lineEnd(text, pos);
    const stop = withoutCr(text, pos, end);
    if (stop === pos) break; // the empty line that ends the headers
    const first = text.charCodeAt(pos);
    const colon = first === SP || first === HT ? -1 : text.indexOf(':', pos);
    if (colon !== -1 && colon < stop) {
      if (!sawVia && (nameIs(text, pos, colon, 'via') || nameIs(text, pos, colon, 'v'))) {
        sawVia = true;
        branch = topViaBranch(text, colon + 1, stop);
        const next = text.charCodeAt(end + 1);
        // The topmost Via folded onto the next line, its branch not found on the first: let the full parser join it.
        if (branch === undefined && (next === SP || next === HT)) return viaFullParse(data);
      } else if (!sawCseq && nameIs(text, pos, colon, 'cseq')) {
        sawCseq = true;
        cseqMethod = lastToken(text, colon + 1, stop);
      }
    }
    pos = end + 1;
  }
  if (branch === undefined) return undefined;
  return new DatagramResponse(data, d0 * 100 + d1 * 10 + d2, statusStop, branch, cseqMethod);
}

/** A response whose reason, headers and body are decoded from the datagram on first use. */
class DatagramResponse implements ReceivedResponse {
  private parsed: SipResponse | undefined;
  private reasonText: string | undefined;

  constructor(
    private readonly data: Buffer,
    readonly status: number,
    private readonly statusStop: number,
    readonly branch: string,
    readonly cseqMethod: string | undefined,
  ) {}

  get reason(): string {
    this.reasonText ??= this.statusStop > 12 ? this.data.toString('utf8', 12, this.statusStop) : '';
    return this.reasonText;
  }

  get headers(): ReadonlyMap<string, readonly string[]> {
    return this.full().headers;
  }

  get body(): string {
    return this.full().body;
  }

  private full(): SipResponse {
    this.parsed ??= parseResponse(this.data.toString('utf8')) ?? { status: this.status, reason: this.reason, headers: new Map(), body: '' };
    return this.parsed;
  }
}

function viaFullParse(data: Buffer): ReceivedResponse | undefined {
  const response = parseResponse(data.toString('utf8'));
  const branch = response === undefined ? undefined : topBranch(response);
  if (response === undefined || branch === undefined) return undefined;
  const cseq = response.headers.get('cseq')?.[0];
  const cseqMethod = cseq === undefined ? undefined : cseq.split(/[ \t]+/).at(-1);
  return { status: response.status, reason: response.reason, headers: response.headers, body: response.body, branch, cseqMethod };
}

/** The index of the LF ending the line at `from`, or the text's length. */
function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** `end` moved before a CR that ends the line (lines may end in CRLF or a bare LF). */
function withoutCr(text: string, from: number, end: number): number {
  return end > from && text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

/** Whether the header name in `text[from, colon)` (trailing blanks allowed) is `lower`, case-insensitively. */
function nameIs(text: string, from: number, colon: number, lower: string): boolean {
  let to = colon;
  while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
  return to - from === lower.length && startsWithLower(text, from, lower);
}

/** Whether `text` at `from` reads `lower` (letters only), case-insensitively. */
function startsWithLower(text: string, from: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    if ((text.charCodeAt(from + i) | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The `branch` parameter of the first Via value in `text[from, to)`; one header may list several, comma-separated. */
function topViaBranch(text: string, from: number, to: number): string | undefined {
  const comma = text.indexOf(',', from);
  const end = comma !== -1 && comma < to ? comma : to;
  for (let semi = text.indexOf(';', from); semi !== -1 && semi < end; semi = text.indexOf(';', semi + 1)) {
    let i = skipBlanks(text, semi + 1, end);
    if (i + 6 > end || !startsWithLower(text, i, 'branch')) continue;
    i = skipBlanks(text, i + 6, end);
    if (text.charCodeAt(i) !== 0x3d /* = */) continue;
    const start = skipBlanks(text, i + 1, end);
    let stop = start;
    while (stop < end) {
      const c = text.charCodeAt(stop);
      if (c === 0x3b /* ; */ || isBlank(c)) break;
      stop++;
    }
    if (stop > start) return text.slice(start, stop);
  }
  return undefined;
}

/** The last blank-separated token of `text[from, to)`: the method of a CSeq value. */
function lastToken(text: string, from: number, to: number): string | undefined {
  let stop = to;
  while (stop > from && isBlank(text.charCodeAt(stop - 1))) stop--;
  let start = stop;
  while (start > from && !isBlank(text.charCodeAt(start - 1))) start--;
  return stop > start ? text.slice(start, stop) : undefined;
}

function skipBlanks(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isBlank(text.charCodeAt(i))) i++;
  return i;
}

function isBlank(c: number): boolean {
  return c === SP || c === HT || c === CR || c === LF;
}
