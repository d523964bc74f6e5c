import { createSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import dnsPacket, { type DecodedPacket, type Packet } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { answerQuery, DnsZone, startDnsServer, type DnsRecord, type DnsServer } from './dns-server.js';

const NET = `127.0.${100 + Math.floor(Math.random() * 150)}`;

const RECORDS: DnsRecord[] = [
  { type: 'A', name: 'www.zone.test', address: '192.0.2.1' },
  { type: 'A', name: 'www.zone.test', address: '192.0.2.2' },
  { type: 'A', name: 'www.zone.test', address: '192.0.2.3' },
  { type: 'A', name: 'sbc-1.zone.test', address: '192.0.2.21' },
  { type: 'A', name: 'sbc-2.zone.test', address: '192.0.2.22' },
  { type: 'SRV', name: '_sip._udp.mx.zone.test', target: 'sbc-1.zone.test', port: 5060, priority: 10, weight: 10 },
  { type: 'SRV', name: '_sip._udp.mx.zone.test', target: 'sbc-2.zone.test', port: 5060, priority: 10, weight: 10 },
];

/** Sends one raw query and decodes the answer. */
async function ask(server: DnsServer, packet: Buffer): Promise<DecodedPacket> {
  const socket = createSocket('udp4');
  try {
    return await new Promise<DecodedPacket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no DNS answer')), 2_000);
      socket.once('message', (message) => {
        clearTimeout(timer);
        resolve(dnsPacket.decode(message));
      });
      socket.send(packet, server.port, server.address);
    });
  } finally {
    socket.close();
  }
}

function query(packet: Packet): Buffer {
  return dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, ...packet });
}

describe('lab DNS server', () => {
  let server: DnsServer;
  let resolver: dns.Resolver;

  beforeAll(async () => {
    server = await startDnsServer({ address: `${NET}.2`, port: 0, records: RECORDS, log: silentLogger });
    resolver = new dns.Resolver({ tries: 1, timeout: 2_000 });
    resolver.setServers([`${server.address}:${server.port}`]);
  });

  afterAll(async () => server?.close());

  it('answers A queries with every address of a round-robin name', async () => {
    expect((await resolver.resolve4('www.zone.test')).sort()).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
    expect(await resolver.resolve4('SBC-1.Zone.Test')).toEqual(['192.0.2.21']);
  });

  it('answers SRV queries', async () => {
    const records = await resolver.resolveSrv('_sip._udp.mx.zone.test');
    expect(records.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'sbc-1.zone.test', port: 5060, priority: 10, weight: 10 },
      { name: 'sbc-2.zone.test', port: 5060, priority: 10, weight: 10 },
    ]);
  });

  it('says NXDOMAIN for an unknown name and NODATA for a known name without that type', async () => {
    await expect(resolver.resolve4('nowhere.zone.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve6('www.zone.test')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('echoes the id and question, sets QR, AA and RD, and adds the SRV targets’ addresses', async () => {
    const answer = await ask(server, query({ questions: [{ type: 'SRV', name: '_SIP._udp.mx.zone.test' }] }));
    expect(answer).toMatchObject({ id: 4242, type: 'response', flag_qr: true, flag_aa: true, flag_rd: true, flag_ra: false, rcode: 'NOERROR' });
    expect(answer.questions).toEqual([{ type: 'SRV', name: '_SIP._udp.mx.zone.test', class: 'IN' }]);
    expect(answer.answers?.map((record) => record.name)).toEqual(['_SIP._udp.mx.zone.test', '_SIP._udp.mx.zone.test']);
    expect(answer.additionals?.map((record) => (record.type === 'A' ? `${record.name} ${record.data}` : record.type)).sort()).toEqual([
      'sbc-1.zone.test 192.0.2.21',
      'sbc-2.zone.test 192.0.2.22',
    ]);
  });

  it('rotates the order of a round-robin answer from one query to the next', async () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const answer = await ask(server, query({ questions: [{ type: 'A', name: 'www.zone.test' }] }));
      expect(answer.answers).toHaveLength(3);
      const first = answer.answers?.[0];
      if (first?.type === 'A') firsts.add(first.data);
    }
    expect(firsts.size).toBe(3);
  });

  it('answers NXDOMAIN authoritatively, echoing the question', async () => {
    const answer = await ask(server, query({ questions: [{ type: 'A', name: 'nowhere.zone.test' }] }));
    expect(answer).toMatchObject({ id: 4242, flag_aa: true, rcode: 'NXDOMAIN', answers: [] });
    expect(answer.questions).toEqual([{ type: 'A', name: 'nowhere.zone.test', class: 'IN' }]);
  });

  it('answers an EDNS query with an OPT record of its own', async () => {
    const opt = { type: 'OPT' as const, name: '.', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
    const answer = await ask(server, query({ questions: [{ type: 'A', name: 'www.zone.test' }], additionals: [opt] }));
    expect(answer.additionals?.map((record) => record.type)).toEqual(['OPT']);
  });
});

describe('answerQuery', () => {
  const zone = new DnsZone(RECORDS, 5);

  it('refuses what it cannot parse with FORMERR, and what is not a query with NOTIMP', () => {
    const garbage = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 5, 0, 0, 0, 0, 0, 0, 0xff]);
    expect(dnsPacket.decode(answerQuery(garbage, zone) as Buffer)).toMatchObject({ id: 0x1234, rcode: 'FORMERR' });
    const notify = Buffer.from(query({ questions: [{ type: 'A', name: 'www.zone.test' }] }));
    notify.writeUInt16BE(notify.readUInt16BE(2) | (4 << 11), 2);
    expect(dnsPacket.decode(answerQuery(notify, zone) as Buffer)).toMatchObject({ id: 4242, rcode: 'NOTIMP' });
    expect(dnsPacket.decode(answerQuery(query({ questions: [] }), zone) as Buffer)).toMatchObject({ rcode: 'FORMERR' });
  });

  it('ignores responses and runt datagrams', () => {
    expect(answerQuery(dnsPacket.encode({ type: 'response', id: 1, questions: [] }), zone)).toBeUndefined();
    expect(answerQuery(Buffer.from([1, 2, 3]), zone)).toBeUndefined();
  });
});
