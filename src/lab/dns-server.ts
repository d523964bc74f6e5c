import { createSocket, type RemoteInfo } from 'node:dgram';
import dnsPacket, { type Answer, type DecodedPacket, type Packet, type Question } from 'dns-packet';
import type { Logger } from '../core/index.js';

/** One record of the lab's zone: an address, or a service location (RFC 2782). */
export type DnsRecord =
  | { readonly type: 'A'; readonly name: string; readonly address: string }
  | { readonly type: 'SRV'; readonly name: string; readonly target: string; readonly port: number; readonly priority: number; readonly weight: number };

/** How to start a {@link DnsServer}. */
export interface DnsServerOptions {
  readonly address: string;
  /** 0 picks a free port (tests); the lab uses LAB_PORTS.dns. */
  readonly port: number;
  readonly records: readonly DnsRecord[];
  readonly log: Logger;
  /** Seconds resolvers may cache an answer; short, since the lab may be restarted on another net. */
  readonly ttl?: number;
}

/** A running authoritative DNS server. */
export interface DnsServer {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_TTL = 5;
// RFC 1035 §4.2.1; larger answers need EDNS, which the lab's small zone never does.
const CLASSIC_UDP_LIMIT = 512;
const EDNS_UDP_LIMIT = 1232;
const RCODE = { noError: 0, formErr: 1, nxDomain: 3, notImp: 4 } as const;

/** Starts a UDP DNS server answering A and SRV queries for `records`, authoritatively. */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const log = options.log.child({ component: 'lab-dns', address: options.address });
  const zone = new DnsZone(options.records, options.ttl ?? DEFAULT_TTL);
  const socket = createSocket({ type: 'udp4', reuseAddr: false });
  socket.on('message', (message: Buffer, remote: RemoteInfo) => {
    const reply = answerQuery(message, zone);
    if (reply === undefined) {
      log.debug({ from: remote.address }, 'ignored a datagram that is not a DNS query');
      return;
    }
    socket.send(reply, remote.port, remote.address, (error) => {
      if (error) log.warn({ err: error, to: remote.address }, 'cannot send a DNS answer');
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (error) => log.warn({ err: error }, 'DNS socket error'));
  const { port } = socket.address();
  log.info({ port, records: options.records.length }, 'lab DNS server listening');
  return {
    address: options.address,
    port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** The records of a zone, looked up by lower-cased name. */
export class DnsZone {
  private readonly byName = new Map<string, DnsRecord[]>();
  // Rotating the order per query is what BIND's cyclic ordering does: clients that take the first address spread out.
  private rotation = 0;

  constructor(
    records: readonly DnsRecord[],
    private readonly ttl: number,
  ) {
    for (const record of records) {
      const key = normalize(record.name);
      const list = this.byName.get(key) ?? [];
      list.push(record);
      this.byName.set(key, list);
    }
  }

  /** Whether the zone has any record at `name` (NXDOMAIN versus an empty NOERROR answer). */
  has(name: string): boolean {
    return this.byName.has(normalize(name));
  }

  /** Answers of `type` at `name`, named as the question spelled it, rotated by one on every call. */
  answers(name: string, type: string): Answer[] {
    const matching = (this.byName.get(normalize(name)) ?? []).filter((record) => record.type === type);
    const start = matching.length === 0 ? 0 : this.rotation++ % matching.length;
    return [...matching.slice(start), ...matching.slice(0, start)].map((record) => this.toAnswer(record, name));
  }

  /** A records of SRV targets that the zone holds: saves the resolver a second round trip. */
  additionals(answers: readonly Answer[]): Answer[] {
    const targets = new Set(answers.flatMap((answer) => (answer.type === 'SRV' ? [normalize(answer.data.target)] : [])));
    return [...targets].flatMap((target) =>
      (this.byName.get(target) ?? []).filter((record) => record.type === 'A').map((record) => this.toAnswer(record, record.name)),
    );
  }

  private toAnswer(record: DnsRecord, name: string): Answer {
    if (record.type === 'A') return { type: 'A', name, ttl: this.ttl, class: 'IN', data: record.address };
    const { target, port, priority, weight } = record;
    return { type: 'SRV', name, ttl: this.ttl, class: 'IN', data: { target, port, priority, weight } };
  }
}

/** The wire answer to one wire query, or undefined when the datagram deserves no answer (garbage, a response). */
export function answerQuery(message: Buffer, zone: DnsZone): Buffer | undefined {
  let query: DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch {
    // A readable header still gets FORMERR, so the sender stops retrying; anything shorter is noise.
    if (message.length < 12 || (message.readUInt16BE(2) & 0x8000) !== 0) return undefined;
    return encode({ id: message.readUInt16BE(0), flags: RCODE.formErr, questions: [] }, CLASSIC_UDP_LIMIT);
  }
  if (query.type === 'response') return undefined;
  const questions = query.questions ?? [];
  const edns = (query.additionals ?? []).find((record) => record.type === 'OPT');
  const limit = edns === undefined ? CLASSIC_UDP_LIMIT : Math.max(CLASSIC_UDP_LIMIT, Math.min(EDNS_UDP_LIMIT, edns.udpPayloadSize));
  const base = {
    id: query.id ?? 0,
    questions,
    ...(edns === undefined ? {} : { additionals: [ednsRecord()] }),
  };
  const recursionDesired = query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0;
  const opcode = ((query.flags ?? 0) >> 11) & 0xf;
  const question = questions[0];
  if (opcode !== 0) return encode({ ...base, flags: recursionDesired | RCODE.notImp }, limit);
  if (questions.length !== 1 || question === undefined) return encode({ ...base, flags: recursionDesired | RCODE.formErr }, limit);
  const flags = dnsPacket.AUTHORITATIVE_ANSWER | recursionDesired;
  if (!zone.has(question.name)) return encode({ ...base, flags: flags | RCODE.nxDomain }, limit);
  const answers = isClassIn(question) ? zone.answers(question.name, question.type) : [];
  const additionals = [...zone.additionals(answers), ...(base.additionals ?? [])];
  return encode({ ...base, flags: flags | RCODE.noError, answers, additionals }, limit);
}

function encode(packet: Packet, limit: number): Buffer {
  const full = dnsPacket.encode({ ...packet, type: 'response' });
  if (full.length <= limit) return full;
  // Truncated (TC): the client retries over TCP, which the lab does not serve; never happens with the lab's zone.
  return dnsPacket.encode({ ...packet, type: 'response', flags: (packet.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [], additionals: [] });
}

function ednsRecord(): Answer {
  return { type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_LIMIT, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
}

function isClassIn(question: Question): boolean {
  return question.class === undefined || question.class === 'IN' || question.class === 'ANY';
}

function normalize(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}
