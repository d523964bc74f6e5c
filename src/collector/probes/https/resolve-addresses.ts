import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';

/** Which address families to look up. */
export type IpFamily = 4 | 6 | 'any';

/** Options of {@link resolveAddresses}. */
export interface ResolveOptions {
  /** A DNS server (`IP:port` or `IP`) to ask instead of the system resolver. */
  readonly server?: string;
  readonly family: IpFamily;
  readonly signal: AbortSignal;
}

/**
 * Every A/AAAA address of `name` (an IP literal resolves to itself). Through `server` it asks that DNS server
 * directly; otherwise the system resolver (so /etc/hosts counts). Rejects with a readable reason.
 */
export async function resolveAddresses(name: string, options: ResolveOptions): Promise<string[]> {
  const bare = name.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return [bare];
  options.signal.throwIfAborted();
  const addresses = options.server === undefined ? await systemLookup(bare, options) : await askServer(bare, options.server, options);
  const unique = [...new Set(addresses)];
  if (unique.length === 0) throw new Error(`no ${familyName(options.family)} address for ${bare}`);
  return unique;
}

async function systemLookup(name: string, options: ResolveOptions): Promise<string[]> {
  const family = options.family === 'any' ? 0 : options.family;
  // getaddrinfo cannot be cancelled; on abort the run stops waiting and the thread finishes on its own.
  const found = await abortable(dns.lookup(name, { all: true, family }), options.signal);
  return found.map((entry) => entry.address);
}

async function askServer(name: string, server: string, options: ResolveOptions): Promise<string[]> {
  const resolver = new dns.Resolver({ tries: 1 });
  resolver.setServers([server]);
  const cancel = (): void => resolver.cancel();
  options.signal.addEventListener('abort', cancel, { once: true });
  try {
    const queries = [
      options.family === 6 ? undefined : resolver.resolve4(name),
      options.family === 4 ? undefined : resolver.resolve6(name),
    ].filter((query) => query !== undefined);
    const settled = await Promise.allSettled(queries);
    options.signal.throwIfAborted();
    const addresses = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    // With both families asked, a name with only A records answers "no data" for AAAA: not an error.
    if (addresses.length === 0 && failure) throw new Error(dnsReason(failure.reason, server));
    return addresses;
  } finally {
    options.signal.removeEventListener('abort', cancel);
  }
}

function dnsReason(reason: unknown, server: string): string {
  const code = (reason as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? `DNS query to ${server} failed` : `DNS query to ${server} failed: ${code}`;
}

function familyName(family: IpFamily): string {
  return family === 4 ? 'IPv4' : family === 6 ? 'IPv6' : 'IPv4 or IPv6';
}

async function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
