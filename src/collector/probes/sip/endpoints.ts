import { isIP } from 'node:net';
import type { SipOptionsProbeConfig, SipTransport } from '../../../config/schema/probes/sip-options.js';
import { resolveAddresses } from '../https/resolve-addresses.js';
import { lookupSrv } from './srv.js';

/** One address, port and transport to send OPTIONS to. */
export interface SipEndpoint {
  readonly ip: string;
  readonly port: number;
  readonly transport: SipTransport;
}

/** Where a probe's requests go, before any DNS lookup. */
export interface SipDestination {
  readonly scheme: 'sip' | 'sips';
  readonly user?: string;
  readonly host: string;
  /** Only when configured: without one, RFC 3263 asks SRV. */
  readonly port?: number;
  /** Only when configured. */
  readonly transport?: SipTransport;
}

const SRV_PREFIX: Readonly<Record<SipTransport, string>> = { udp: '_sip._udp', tcp: '_sip._tcp', tls: '_sips._tcp' };

/** The destination of a probe, from `target` or from `host`/`port`/`transport`. */
export function sipDestination(config: SipOptionsProbeConfig): SipDestination {
  const uri = config.target;
  if (uri !== undefined) {
    const transport = uri.transport ?? (uri.scheme === 'sips' ? 'tls' : undefined);
    return {
      scheme: uri.scheme,
      ...(uri.user === undefined ? {} : { user: uri.user }),
      host: uri.host,
      ...(uri.port === undefined ? {} : { port: uri.port }),
      ...(transport === undefined ? {} : { transport }),
    };
  }
  return {
    scheme: config.transport === 'tls' ? 'sips' : 'sip',
    host: config.host ?? '',
    ...(config.port === undefined ? {} : { port: config.port }),
    ...(config.transport === undefined ? {} : { transport: config.transport }),
  };
}

/** The transport used when neither the config nor DNS names one. */
export function defaultTransport(destination: SipDestination): SipTransport {
  return destination.transport ?? (destination.scheme === 'sips' ? 'tls' : 'udp');
}

/** The well-known port of a transport. */
export function defaultPort(transport: SipTransport): number {
  return transport === 'tls' ? 5061 : 5060;
}

/** Options of {@link resolveEndpoints}. */
export interface EndpointOptions {
  /** Every address (and every SRV target) rather than the first. */
  readonly all: boolean;
  /** Ask SRV for a name without a port (RFC 3263); otherwise A/AAAA only. */
  readonly srv: boolean;
  readonly dnsServer?: string;
  readonly signal: AbortSignal;
}

/**
 * The endpoints to probe (RFC 3263): an IP or an explicit port goes straight to A/AAAA; a name without a port
 * asks SRV for the configured transport (or all three), then falls back to A/AAAA on the default port.
 * Rejects with a readable reason when nothing resolves.
 */
export async function resolveEndpoints(destination: SipDestination, options: EndpointOptions): Promise<SipEndpoint[]> {
  const transport = defaultTransport(destination);
  const resolve = (name: string): Promise<string[]> =>
    resolveAddresses(name, { family: 'any', signal: options.signal, ...(options.dnsServer === undefined ? {} : { server: options.dnsServer }) });
  const fromSrv = options.srv && isIP(destination.host) === 0 && destination.port === undefined ? await srvEndpoints(destination, options, resolve) : [];
  const endpoints =
    fromSrv.length > 0
      ? fromSrv
      : (await resolve(destination.host)).map((ip) => ({ ip, port: destination.port ?? defaultPort(transport), transport }));
  return options.all ? endpoints : endpoints.slice(0, 1);
}

async function srvEndpoints(
  destination: SipDestination,
  options: EndpointOptions,
  resolve: (name: string) => Promise<string[]>,
): Promise<SipEndpoint[]> {
  const transports: SipTransport[] =
    destination.transport !== undefined ? [destination.transport] : destination.scheme === 'sips' ? ['tls'] : ['udp', 'tcp', 'tls'];
  const server = options.dnsServer === undefined ? {} : { server: options.dnsServer };
  const found = await Promise.all(
    transports.map(async (transport) => {
      const records = await lookupSrv(`${SRV_PREFIX[transport]}.${destination.host.replace(/\.$/, '')}`, { signal: options.signal, ...server });
      return records.map((record) => ({ record, transport }));
    }),
  );
  const endpoints: SipEndpoint[] = [];
  for (const { record, transport } of found.flat()) {
    // One SRV target that does not resolve leaves the others to probe; if none resolves, A/AAAA is tried.
    const ips = await resolve(record.name).catch(() => []);
    for (const ip of ips) {
      if (!endpoints.some((e) => e.ip === ip && e.port === record.port && e.transport === transport)) endpoints.push({ ip, port: record.port, transport });
    }
  }
  return endpoints;
}
