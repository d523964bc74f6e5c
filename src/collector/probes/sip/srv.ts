import { promises as dns } from 'node:dns';

/** One SRV record. */
export interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/**
 * Orders SRV records as RFC 2782 says clients try them: lowest priority first; within a priority, a weighted
 * random draw (weight 0 records first in the running sum, so they are picked rarely). `random` returns [0, 1).
 */
export function orderSrv(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  const priorities = [...new Set(records.map((record) => record.priority))].sort((a, b) => a - b);
  return priorities.flatMap((priority) => {
    const pool = records.filter((record) => record.priority === priority).sort((a, b) => (a.weight === 0 ? -1 : 0) - (b.weight === 0 ? -1 : 0));
    const ordered: SrvRecord[] = [];
    while (pool.length > 0) {
      const total = pool.reduce((sum, record) => sum + record.weight, 0);
      const draw = random() * total;
      let running = 0;
      let index = pool.findIndex((record) => (running += record.weight) >= draw);
      if (index === -1) index = 0;
      ordered.push(...pool.splice(index, 1));
    }
    return ordered;
  });
}

/** Options of {@link lookupSrv}. */
export interface SrvOptions {
  /** A DNS server (`IP:port` or `IP`); the system's resolvers otherwise. */
  readonly server?: string;
  readonly signal: AbortSignal;
}

/**
 * The SRV records of `name` in the order to try them; empty when there are none or the query fails (RFC 3263
 * then falls back to A/AAAA, whose lookup reports an unreachable DNS server). A lone "." target means the
 * service is deliberately not offered: also empty.
 */
export async function lookupSrv(name: string, options: SrvOptions): Promise<SrvRecord[]> {
  options.signal.throwIfAborted();
  const resolver = new dns.Resolver({ tries: 1, timeout: 2_000 });
  if (options.server !== undefined) resolver.setServers([options.server]);
  const cancel = (): void => resolver.cancel();
  options.signal.addEventListener('abort', cancel, { once: true });
  try {
    const records = await resolver.resolveSrv(name);
    return orderSrv(records.filter((record) => record.name !== '' && record.name !== '.'));
  } catch {
    options.signal.throwIfAborted();
    return [];
  } finally {
    options.signal.removeEventListener('abort', cancel);
  }
}
