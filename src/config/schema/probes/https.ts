import { isIP } from 'node:net';
import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { ProbeCommon } from '../probe-common.js';
import { splitHostPort } from '../server.js';

const STATUS_HINT = 'expected a status code or a range such as 200-299 (codes are 100 to 599)';
const DNS_SERVER_HINT = 'expected the IP address and port of a DNS server, such as 127.0.0.1:53 or [::1]:53';

/** An inclusive range of HTTP status codes; a single code is a range of one. */
export interface StatusRange {
  readonly min: number;
  readonly max: number;
}

function statusCode(text: string): number | undefined {
  if (!/^\d{3}$/.test(text)) return undefined;
  const code = Number(text);
  return code >= 100 && code <= 599 ? code : undefined;
}

/** Parses `200`, `"200"` or `"200-299"`; a message when it is not one of those. */
function parseStatusItem(item: unknown): StatusRange | string {
  if (typeof item !== 'number' && typeof item !== 'string') return STATUS_HINT;
  const text = String(item).trim();
  const match = /^(\d+)\s*-\s*(\d+)$/.exec(text);
  if (!match) {
    const code = statusCode(text);
    return code === undefined ? `${STATUS_HINT}, got ${JSON.stringify(item)}` : { min: code, max: code };
  }
  const min = statusCode(match[1] as string);
  const max = statusCode(match[2] as string);
  if (min === undefined || max === undefined) return `${STATUS_HINT}, got ${JSON.stringify(item)}`;
  if (min > max) return `range ${JSON.stringify(text)} runs backwards: write the lower code first`;
  return { min, max };
}

/** Accepted statuses: a code, a range string, a comma-separated string of them, or a list of codes and ranges. */
export const ExpectStatus = z.unknown().transform((value, ctx): StatusRange[] => {
  const listed = Array.isArray(value);
  const items: unknown[] = listed ? value : typeof value === 'string' ? value.split(',') : [value];
  if (items.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'needs at least 1 status code or range' });
    return z.NEVER;
  }
  const ranges: StatusRange[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = parseStatusItem(item);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed, ...(listed ? { path: [index] } : {}) });
    else ranges.push(parsed);
  }
  return ranges;
});

/** A URL the probe may request: http or https only. */
export const ProbeUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an absolute URL such as https://www.example.com/health' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `expected an http:// or https:// URL, got scheme "${url.protocol.slice(0, -1)}"` });
  }
});

/** A regular expression, compiled once at load so a bad one fails `check-config`. */
export const BodyPattern = z.string().transform((source, ctx): RegExp => {
  try {
    return new RegExp(source);
  } catch (error) {
    // V8's message repeats the pattern before the reason; the reason is what helps.
    const reason = (error as Error).message.split(': ').at(-1) ?? 'invalid';
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${reason}` });
    return z.NEVER;
  }
});

/** A DNS server to ask instead of the system resolver: `IP:port`, or a bare IP for port 53. */
export const DnsServer = z.string().refine(
  (text) => {
    if (isIP(text) !== 0) return true;
    const parts = splitHostPort(text);
    return parts !== undefined && parts.port > 0 && isIP(parts.host) !== 0;
  },
  { message: DNS_SERVER_HINT },
);

/** Which address families to use. */
export const IpVersion = z.custom<4 | 6 | 'any'>((value) => value === 4 || value === 6 || value === 'any', {
  error: (issue) => (issue.input === undefined ? undefined : 'expected 4, 6 or any'),
});

/** TLS settings of an HTTPS probe. */
export const HttpsTlsConfig = z.strictObject({
  /** false probes self-signed, expired or wrong-name servers; the certificate facts are reported either way. */
  verify: z.boolean().default(true),
  /** Name sent as SNI and checked against the certificate, instead of the URL's host. */
  server_name: z.string().min(1).optional(),
  /** Trusted CA certificates, PEM (usually through `ca_file`); replaces the system roots. */
  ca: z.string().min(1).optional(),
  min_version: z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']).optional(),
});
/** TLS settings of an HTTPS probe. */
export type HttpsTlsConfig = DeepReadonly<z.infer<typeof HttpsTlsConfig>>;

/** An HTTP(S) request checked for status, body, timings and the server's certificate. */
export const HttpsProbeConfig = ProbeCommon.extend({
  kind: z.literal('https'),
  url: ProbeUrl,
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, { message: 'expected an HTTP method such as GET, HEAD or POST' })
    .transform((method) => method.toUpperCase())
    .default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  expect_status: ExpectStatus.default([{ min: 200, max: 399 }]),
  body_contains: z.string().min(1).optional(),
  body_matches: BodyPattern.optional(),
  /** Probe every A/AAAA address of the host separately, each series labelled `ip`. */
  per_ip: z.boolean().default(false),
  dns_server: DnsServer.optional(),
  ip_version: IpVersion.default('any'),
  /** Redirects to follow; 0 checks the redirect response itself. */
  follow_redirects: z
    .int({ error: 'expected a whole number' })
    .min(0, { message: 'must be 0 or more' })
    .max(20, { message: 'must be at most 20' })
    .default(5),
  tls: HttpsTlsConfig.prefault({}),
});
/** An HTTP(S) probe's config. */
export type HttpsProbeConfig = DeepReadonly<z.infer<typeof HttpsProbeConfig>>;
