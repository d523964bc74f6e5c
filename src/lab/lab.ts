import { createServer } from 'node:http';
import type { Clock, Logger } from '../core/index.js';
import { labControlHandler } from './control-api.js';
import { databaseExporterHandler } from './database-exporter.js';
import { startDnsServer } from './dns-server.js';
import { FaultBoard } from './faults.js';
import { startHttpsSite } from './https-site.js';
import { kamailioRpcHandler } from './kamailio-rpc-handler.js';
import { LabPki } from './lab-pki.js';
import { labZone } from './lab-zone.js';
import { listenOn } from './listen-on.js';
import { startMailSink } from './mail-sink.js';
import { closeServer, refuseWhileUnreachable, shapedHandler } from './shaped-http.js';
import { LabSimulation } from './simulation.js';
import { SipResponder } from './sip-responder.js';
import { startSslLabsStandin } from './ssllabs-standin.js';
import { LAB_NODES, LAB_PORTS, LAB_SERVICE_HOSTS, LabAddresses, type LabNode } from './topology.js';
import { seededRandom } from './traffic-curve.js';

/** How to start the lab. */
export interface LabOptions {
  /** The loopback /24 to bind, such as 127.0.10 (the default). */
  readonly net?: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Where the lab keeps its certificate authority between runs; in memory when absent. */
  readonly dataDir?: string;
  /** Seed of the traffic noise, to replay the same day. */
  readonly seed?: number;
  /** false leaves out the simulated WAN latency (benchmarks measure the probe, not the geography). */
  readonly wanLatency?: boolean;
}

/** A running lab network. */
export interface RunningLab {
  readonly addresses: LabAddresses;
  readonly nodes: readonly LabNode[];
  readonly faults: FaultBoard;
  readonly simulation: LabSimulation;
  /** Base URL of the fault-injection API. */
  readonly controlUrl: string;
  /** The mail sink, `host:port`: plain SMTP that keeps every mail and delivers none. */
  readonly smtp: string;
  /** The page showing what the sink received (its JSON at `/mail.json`). */
  readonly mailUrl: string;
  /** The lab CA's certificate (PEM), which a probe trusts to verify the web servers. */
  readonly caPem: string;
  /** Where that certificate is kept, when the lab has a data directory. */
  readonly caFile?: string;
  stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

/** Starts every node of the lab on loopback; on a bind failure stops what started and rethrows. */
export async function startLab(options: LabOptions): Promise<RunningLab> {
  const addresses = new LabAddresses(options.net);
  const log = options.log.child({ component: 'lab' });
  const random = seededRandom(options.seed ?? options.clock.now());
  const faults = new FaultBoard(LAB_NODES);
  const simulation = new LabSimulation(LAB_NODES, faults, options.clock.now(), random, options.wanLatency ?? true);
  const now = () => options.clock.now();
  const stoppers: Stopper[] = [];
  const stopAll = async () => {
    await Promise.all(stoppers.splice(0).map((stop) => stop()));
  };

  faults.onChange((fault, change) => log.info({ target: fault.target, fault: fault.kind, change }, `lab fault ${change}`));
  const pki = await LabPki.open(options.dataDir, options.clock, log);
  const conditionsNow = (id: string) => simulation.conditions(id, now());
  try {
    const dns = await startDnsServer({ address: addresses.of(LAB_SERVICE_HOSTS.dns), port: LAB_PORTS.dns, records: labZone(addresses), log });
    stoppers.push(() => dns.close());
    const site = await startHttpsSite({ addresses, nodes: LAB_NODES, pki, conditions: conditionsNow, log, clock: options.clock, random });
    stoppers.push(() => site.close());
    const ssllabs = await startSslLabsStandin({ addresses, nodes: LAB_NODES, conditions: conditionsNow, log, clock: options.clock });
    stoppers.push(() => ssllabs.close());
    for (const node of LAB_NODES) {
      const conditions = () => conditionsNow(node.id);
      if (node.role === 'core' || node.role === 'sbc') {
        const sip = new SipResponder({
          address: addresses.of(node),
          port: LAB_PORTS.sip,
          server: `kamailio (5.6 noc-lab ${node.id})`,
          toTag: `lab-${node.id}`,
          conditions,
          random,
          log,
        });
        await sip.start();
        stoppers.push(() => sip.stop());
        const rpc = createServer(
          shapedHandler(conditions, random, kamailioRpcHandler({ stats: () => simulation.kamailioStats(node.id, now()), startedAt: simulation.startedAt, now })),
        );
        refuseWhileUnreachable(rpc, conditions);
        await listenOn(rpc, addresses.of(node), LAB_PORTS.rpc);
        stoppers.push(() => closeServer(rpc));
      }
      if (node.role === 'database') {
        const exporter = createServer(shapedHandler(conditions, random, databaseExporterHandler(() => simulation.databaseMetrics(node.id, now()))));
        refuseWhileUnreachable(exporter, conditions);
        await listenOn(exporter, addresses.of(node), LAB_PORTS.dbMetrics);
        stoppers.push(() => closeServer(exporter));
      }
    }
    const mail = await startMailSink({ address: addresses.of(LAB_SERVICE_HOSTS.mail), port: LAB_PORTS.smtp, now, log });
    stoppers.push(() => mail.close());
    const control = createServer(
      labControlHandler({
        nodes: LAB_NODES,
        addresses,
        faults,
        conditions: (id, at) => simulation.conditions(id, at),
        now,
        mail: { smtp: addresses.smtp, messages: () => mail.messages() },
      }),
    );
    await listenOn(control, addresses.of(LAB_SERVICE_HOSTS.control), LAB_PORTS.control);
    stoppers.push(() => closeServer(control));
  } catch (error) {
    await stopAll();
    throw error;
  }
  log.info({ net: `${addresses.net}.0/24`, control: addresses.controlUrl, smtp: addresses.smtp, mail: addresses.mailUrl }, 'lab network up');
  return {
    addresses,
    nodes: LAB_NODES,
    faults,
    simulation,
    controlUrl: addresses.controlUrl,
    smtp: addresses.smtp,
    mailUrl: addresses.mailUrl,
    caPem: pki.caPem,
    ...(pki.caFile === undefined ? {} : { caFile: pki.caFile }),
    stop: stopAll,
  };
}
