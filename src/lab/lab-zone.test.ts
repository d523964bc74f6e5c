import { promises as dns } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { startDnsServer, type DnsServer } from './dns-server.js';
import { labHostName, labZone, sipServiceName } from './lab-zone.js';
import { LAB_NODES, LAB_PORTS, LAB_SERVICE_HOSTS, LAB_SITE_NAME, LabAddresses } from './topology.js';

const addresses = new LabAddresses(`127.0.${100 + Math.floor(Math.random() * 150)}`);

describe('lab zone', () => {
  let server: DnsServer;
  let resolver: dns.Resolver;

  beforeAll(async () => {
    server = await startDnsServer({ address: addresses.of(LAB_SERVICE_HOSTS.dns), port: 0, records: labZone(addresses), log: silentLogger });
    resolver = new dns.Resolver({ tries: 1, timeout: 2_000 });
    resolver.setServers([`${server.address}:${server.port}`]);
  });

  afterAll(async () => server?.close());

  it('resolves every node by its id', async () => {
    for (const node of LAB_NODES) expect(await resolver.resolve4(labHostName(node.id))).toEqual([addresses.of(node)]);
    expect(await resolver.resolve4('ssllabs.lab.test')).toEqual([addresses.of(LAB_SERVICE_HOSTS.ssllabs)]);
  });

  it('resolves www.lab.test to every web server in one answer', async () => {
    const webs = LAB_NODES.filter((node) => node.role === 'https').map((node) => addresses.of(node));
    expect(webs).toHaveLength(3);
    expect((await resolver.resolve4(LAB_SITE_NAME)).sort()).toEqual(webs.sort());
  });

  it('points the SIP SRV records of each site at its SBCs, over UDP and TCP', async () => {
    for (const transport of ['udp', 'tcp'] as const) {
      const mx = await resolver.resolveSrv(sipServiceName('mx', transport));
      expect(mx.map((record) => record.name).sort()).toEqual(['sbc-mx-1.lab.test', 'sbc-mx-2.lab.test']);
      expect(mx.every((record) => record.port === LAB_PORTS.sip)).toBe(true);
      expect(await resolver.resolveSrv(sipServiceName('pe', transport))).toEqual([{ name: 'sbc-pe-1.lab.test', port: LAB_PORTS.sip, priority: 10, weight: 10 }]);
    }
  });

  it('knows no SIP service where there is no SBC, nor names outside the lab', async () => {
    expect(labZone(addresses).some((record) => record.name === sipServiceName('xx', 'udp'))).toBe(false);
    await expect(resolver.resolveSrv('_sip._udp.ar.lab.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('db-9.lab.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
