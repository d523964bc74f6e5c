import type { DnsRecord } from './dns-server.js';
import { LAB_DOMAIN, LAB_NODES, LAB_PORTS, LAB_SERVICE_HOSTS, LAB_SITE_NAME, type LabAddresses, type LabNode } from './topology.js';

/** Priority and weight of every SBC's SRV record: all equal, so the SBCs of a site share the load. */
const SRV_PRIORITY = 10;
const SRV_WEIGHT = 10;

/** The host name of a lab node or service: `<id>.lab.test`. */
export function labHostName(id: string): string {
  return `${id}.${LAB_DOMAIN}`;
}

/** The SRV name clients look up to reach a site's SBCs over `transport` (RFC 3263). */
export function sipServiceName(site: string, transport: 'udp' | 'tcp'): string {
  return `_sip._${transport}.${site}.${LAB_DOMAIN}`;
}

/**
 * The lab's zone: an A record per node and service host, `www.lab.test` resolving to every web server
 * (round robin), and `_sip._udp` / `_sip._tcp` SRV records per site pointing at that site's SBCs.
 */
export function labZone(addresses: LabAddresses, nodes: readonly LabNode[] = LAB_NODES): DnsRecord[] {
  const records: DnsRecord[] = nodes.map((node) => ({ type: 'A', name: labHostName(node.id), address: addresses.of(node) }));
  for (const [service, host] of Object.entries(LAB_SERVICE_HOSTS)) {
    records.push({ type: 'A', name: labHostName(service), address: addresses.of(host) });
  }
  for (const node of nodes.filter((candidate) => candidate.role === 'https')) {
    records.push({ type: 'A', name: LAB_SITE_NAME, address: addresses.of(node) });
  }
  const sites = [...new Set(nodes.filter((node) => node.role === 'sbc').map((node) => node.site))];
  for (const site of sites) {
    const sbcs = nodes.filter((node) => node.role === 'sbc' && node.site === site);
    for (const transport of ['udp', 'tcp'] as const) {
      for (const sbc of sbcs) {
        records.push({
          type: 'SRV',
          name: sipServiceName(site, transport),
          target: labHostName(sbc.id),
          port: LAB_PORTS.sip,
          priority: SRV_PRIORITY,
          weight: SRV_WEIGHT,
        });
      }
    }
  }
  return records;
}
