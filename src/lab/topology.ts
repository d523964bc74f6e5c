/** What a lab node is in the carrier's network. */
export type LabRole = 'core' | 'sbc' | 'database' | 'https';

/** One machine of the lab network. */
export interface LabNode {
  readonly id: string;
  readonly name: string;
  readonly role: LabRole;
  /** Country or data-centre code, the `site` label of its series. */
  readonly site: string;
  /** Last octet of its loopback address inside the lab's /24. */
  readonly host: number;
  /** Hours east of UTC of its site, for the daily traffic curve (no daylight saving in the lab). */
  readonly utcOffset: number;
  /** SBCs: subscribers registered through it at the daily peak. */
  readonly subscribers?: number;
  /** SBCs: the core it registers to first, and its backup. */
  readonly primaryCore?: string;
  readonly backupCore?: string;
  /** Databases: the primary a replica streams from. */
  readonly replicaOf?: string;
}

/** The lab's DNS zone (`.test` is reserved for testing by RFC 6761: it never leaks to real resolvers). */
export const LAB_DOMAIN = 'lab.test';
/** The HTTPS site's name, resolved by the lab's DNS server to every web server (round robin). */
export const LAB_SITE_NAME = `www.${LAB_DOMAIN}`;

/** Fixed ports of the lab's services; each node has its own address, so they never collide. */
export const LAB_PORTS = {
  sip: 5060,
  rpc: 5071,
  dbMetrics: 9187,
  https: 8443,
  dns: 5353,
  ssllabs: 8080,
  control: 9799,
  /** The mail sink: where the demo's e-mail channels deliver (the unprivileged submission port of mail testing tools). */
  smtp: 2525,
} as const;

/** Hosts (last octets) of the lab's infrastructure services. */
export const LAB_SERVICE_HOSTS = { control: 1, dns: 2, ssllabs: 3, mail: 4 } as const;

/** The default /24 of the lab: `127.0.10.0/24`, routed to loopback by every Linux kernel. */
export const DEFAULT_LAB_NET = '127.0.10';

/** A CallMyWay-like network: two active-active cores, SBCs in five countries, a replicated database, three web servers. */
export const LAB_NODES: readonly LabNode[] = [
  { id: 'core-1', name: 'Core 1 (Santiago)', role: 'core', site: 'cl', host: 11, utcOffset: -3 },
  { id: 'core-2', name: 'Core 2 (Bogotá)', role: 'core', site: 'co', host: 12, utcOffset: -5 },
  sbc('sbc-mx-1', 'SBC México 1', 'mx', 21, -6, 9_000, 'core-1', 'core-2'),
  sbc('sbc-mx-2', 'SBC México 2', 'mx', 22, -6, 7_000, 'core-2', 'core-1'),
  sbc('sbc-co-1', 'SBC Colombia', 'co', 23, -5, 6_000, 'core-2', 'core-1'),
  sbc('sbc-cl-1', 'SBC Chile', 'cl', 24, -3, 5_000, 'core-1', 'core-2'),
  sbc('sbc-pe-1', 'SBC Perú', 'pe', 25, -5, 4_000, 'core-1', 'core-2'),
  sbc('sbc-cr-1', 'SBC Costa Rica', 'cr', 26, -6, 2_000, 'core-2', 'core-1'),
  { id: 'db-1', name: 'Database primary', role: 'database', site: 'cl', host: 41, utcOffset: -3 },
  { id: 'db-2', name: 'Database replica', role: 'database', site: 'co', host: 42, utcOffset: -5, replicaOf: 'db-1' },
  { id: 'web-1', name: 'Web server 1', role: 'https', site: 'cl', host: 51, utcOffset: -3 },
  { id: 'web-2', name: 'Web server 2', role: 'https', site: 'co', host: 52, utcOffset: -5 },
  { id: 'web-3', name: 'Web server 3', role: 'https', site: 'mx', host: 53, utcOffset: -6 },
];

function sbc(id: string, name: string, site: string, host: number, utcOffset: number, subscribers: number, primaryCore: string, backupCore: string): LabNode {
  return { id, name, role: 'sbc', site, host, utcOffset, subscribers, primaryCore, backupCore };
}

/** Where the lab lives: its /24 on loopback. */
export class LabAddresses {
  constructor(readonly net: string = DEFAULT_LAB_NET) {
    if (!isLoopbackNet(net)) throw new Error(`lab network "${net}": expected the first three octets of a loopback /24 such as ${DEFAULT_LAB_NET}`);
  }

  /** The IPv4 address of a node or service host. */
  of(nodeOrHost: LabNode | number): string {
    return `${this.net}.${typeof nodeOrHost === 'number' ? nodeOrHost : nodeOrHost.host}`;
  }

  /** The base URL of the fault-injection API. */
  get controlUrl(): string {
    return `http://${this.of(LAB_SERVICE_HOSTS.control)}:${LAB_PORTS.control}`;
  }

  /** The mail sink's SMTP address, `host:port`. */
  get smtp(): string {
    return `${this.of(LAB_SERVICE_HOSTS.mail)}:${LAB_PORTS.smtp}`;
  }

  /** The page listing the mail the sink received. */
  get mailUrl(): string {
    return `${this.controlUrl}/mail`;
  }
}

/** Whether `net` is three octets inside 127.0.0.0/8 (the lab never binds anything else). */
export function isLoopbackNet(net: string): boolean {
  const octets = net.split('.');
  return octets.length === 3 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

/** The node with this id, or undefined. */
export function findLabNode(id: string): LabNode | undefined {
  return LAB_NODES.find((node) => node.id === id);
}
