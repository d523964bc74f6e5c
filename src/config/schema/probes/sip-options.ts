import { isIP } from 'node:net';
import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { ProbeCommon } from '../probe-common.js';
import { DnsServer } from './https.js';
import { Port, ProbeTls } from './tcp.js';

/** How SIP requests travel. */
export const SipTransport = z.enum(['udp', 'tcp', 'tls'], { error: 'expected udp, tcp or tls' });
/** How SIP requests travel. */
export type SipTransport = z.infer<typeof SipTransport>;

/** A SIP URI (or a bare host taken as `sip:host`), split at load. */
export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  /** The user part (`ping` in `sip:ping@host`), kept in the Request-URI: some peers route OPTIONS by it. */
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
  readonly transport?: SipTransport;
}

const URI_HINT = 'expected a SIP URI such as sip:sbc1.example.net or sip:10.0.0.1:5060;transport=tcp, or a host name';
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const URI = /^(sips?):(?:([^@;?:]+)@)?(\[[0-9A-Fa-f:.]+\]|[^:;?[\]]+)(?::(\d+))?((?:;[^?]*)?)$/i;

/** Whether `host` is an IP address or a well-formed DNS name. */
export function isSipHost(host: string): boolean {
  return isIP(host) !== 0 || HOST_NAME.test(host);
}

/** Splits `text` into a {@link SipUri}, or says what is wrong with it. */
export function parseSipUri(text: string): SipUri | string {
  const trimmed = text.trim();
  if (isIP(trimmed) === 6) return { scheme: 'sip', host: trimmed };
  // `host:5060` has no scheme: a colon followed by digits only is a port.
  const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d+$)/i.test(trimmed) ? trimmed : `sip:${trimmed}`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(withScheme)?.[1]?.toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') return `expected a sip: or sips: URI, got scheme "${scheme ?? ''}"`;
  const match = URI.exec(withScheme);
  if (!match) return URI_HINT;
  const user = match[2];
  const host = (match[3] as string).replace(/^\[(.*)\]$/, '$1');
  if (!isSipHost(host)) return `"${host}" is not a host name or IP address`;
  const port = match[4] === undefined ? undefined : Number(match[4]);
  if (port !== undefined && (port < 1 || port > 65_535)) return `port ${port} is out of range (1 to 65535)`;
  let transport: SipTransport | undefined;
  for (const param of (match[5] ?? '').split(';').filter((p) => p !== '')) {
    const [name, value = ''] = param.split('=');
    if (name?.toLowerCase() !== 'transport') continue;
    const parsed = SipTransport.safeParse(value.toLowerCase());
    if (!parsed.success) return `unknown transport "${value}"; expected udp, tcp or tls`;
    transport = parsed.data;
  }
  if (scheme === 'sips' && transport !== undefined && transport !== 'tls') return `a sips: URI needs TLS, not transport=${transport}`;
  return {
    scheme,
    ...(user === undefined ? {} : { user }),
    host,
    ...(port === undefined ? {} : { port }),
    ...(transport === undefined ? {} : { transport }),
  };
}

/** A SIP URI or host, split at load. */
export const SipTarget = z.string().transform((text, ctx): SipUri => {
  const parsed = parseSipUri(text);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

/** A SIP final response code (200 to 699). */
const FinalCode = z
  .int({ error: 'expected a SIP response code such as 200' })
  .min(200, { message: 'expected a final response code (200 to 699)' })
  .max(699, { message: 'expected a final response code (200 to 699)' });

/** A `sip_options` probe: is a SIP peer answering OPTIONS, how fast and with which code. */
export const SipOptionsProbeConfig = ProbeCommon.extend({
  kind: z.literal('sip_options'),
  /** `sip:host[:port][;transport=udp|tcp|tls]`, or a bare host; instead of `host`. */
  target: SipTarget.optional(),
  host: z.string().min(1).refine(isSipHost, { message: 'expected a host name or IP address' }).optional(),
  /** With `host`; 5060 (5061 for TLS) when absent. */
  port: Port.optional(),
  /** With `host`; udp when absent. */
  transport: SipTransport.optional(),
  /** Probe every address (RFC 3263: SRV first, then A/AAAA), each series labelled `ip` and `transport`. */
  per_ip: z.boolean().default(false),
  dns_server: DnsServer.optional(),
  from_user: z
    .string()
    .regex(/^[A-Za-z0-9_.!~*'()&=+$,;?/-]+$/, { message: 'expected a SIP user name (letters, digits, _ . - and similar)' })
    .default('noc'),
  user_agent: z.string().min(1).regex(/^[^\r\n]+$/, { message: 'must be one line' }).default('noc-probe'),
  /** Final response codes that count as up; any final response when absent. */
  expect_codes: z.array(FinalCode).min(1, { message: 'needs at least 1 response code' }).optional(),
  tls: ProbeTls.optional(),
}).superRefine((probe, ctx) => {
  if (probe.target !== undefined) {
    for (const key of ['host', 'port', 'transport'] as const) {
      if (probe[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `give either target or ${key}, not both (write it in the URI)` });
      }
    }
  } else if (probe.host === undefined) {
    ctx.addIssue({ code: 'custom', path: ['target'], message: 'missing required key "target" (or give host)' });
  }
  const transport = probe.target?.transport ?? (probe.target?.scheme === 'sips' ? 'tls' : probe.transport);
  if (probe.tls !== undefined && transport !== 'tls') {
    ctx.addIssue({ code: 'custom', path: ['tls'], message: 'only used with transport tls' });
  }
});
/** A `sip_options` probe. */
export type SipOptionsProbeConfig = DeepReadonly<z.infer<typeof SipOptionsProbeConfig>>;
