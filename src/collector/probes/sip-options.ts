import { isIP } from 'node:net';
import type { ProbeOf } from '../../config/index.js';
import { formatDuration, type Clock, type Labels } from '../../core/index.js';
import type { Measurement, ProbeFactory, ProbeResult, ProbeRunContext } from '../probe.js';
import { defaultPort, defaultTransport, resolveEndpoints, sipDestination, type SipDestination, type SipEndpoint } from './sip/endpoints.js';
import { uriHost, type SipResponse } from './sip/sip-message.js';
import { streamTransaction, type StreamTls } from './sip/stream-transaction.js';
import type { RequestSettings, TransactionOutcome } from './sip/transaction.js';
import { udpTransaction, type SipTimers } from './sip/udp-transaction.js';
import { SipUdpTransport } from './sip/udp-transport.js';
import { abortReason } from '../abort-reason.js';

type SipOptionsConfig = ProbeOf<'sip_options'>;

/** What probing one endpoint found. */
interface Outcome {
  readonly endpoint?: SipEndpoint;
  readonly measurements: Measurement[];
  readonly error?: string;
}

/** What a probe keeps across runs. */
interface SipProbeState {
  readonly clock: Clock;
  readonly udp: SipUdpTransport;
  readonly timers?: SipTimers;
  /** Worked out once from the config by the factory; a direct call without one works it out per run. */
  readonly plan?: SipProbePlan;
}

/** What a probe's config says about every run, worked out once. */
interface SipProbePlan {
  readonly destination: SipDestination;
  /** One object for the probe's lifetime: the UDP transport keys its prepared request on it. */
  readonly settings: RequestSettings;
  /** The endpoint of a destination given as an IP address, which no lookup can change. */
  readonly endpoints?: readonly SipEndpoint[];
}

/**
 * The `sip_options` probe: sends OPTIONS over UDP, TCP or TLS (per address on request) and reports
 * `sip_options_rtt_seconds` and `sip_response_code`. One UDP socket serves every run of the probe.
 */
export const sipOptionsProbe: ProbeFactory<'sip_options'> = (config, deps) => {
  const udp = new SipUdpTransport();
  const state: SipProbeState = { clock: deps.clock, udp, plan: probePlan(config) };
  return {
    run: (context) => runSipOptionsProbe(config, state, context),
    close: () => udp.close(),
  };
};

/**
 * One run of a `sip_options` probe; never throws. Written with promise chains rather than nested async
 * functions: at thousands of runs a second, each suspended async frame was a measurable share of the
 * garbage (and so of the GC pauses in the RTT tail).
 */
export function runSipOptionsProbe(config: SipOptionsConfig, state: SipProbeState, context: ProbeRunContext): Promise<ProbeResult> {
  const plan = state.plan ?? probePlan(config);
  if (plan.endpoints !== undefined) return probeAll(config, plan.endpoints, plan.settings, state, context);
  return resolveThenProbe(config, plan, state, context);
}

async function resolveThenProbe(config: SipOptionsConfig, plan: SipProbePlan, state: SipProbeState, context: ProbeRunContext): Promise<ProbeResult> {
  const { destination } = plan;
  let endpoints: SipEndpoint[];
  try {
    endpoints = await resolveEndpoints(destination, {
      all: config.per_ip,
      srv: config.per_ip || config.dns_server !== undefined,
      signal: context.signal,
      ...(config.dns_server === undefined ? {} : { dnsServer: config.dns_server }),
    });
  } catch (error) {
    const reason = context.signal.aborted ? abortReason(context) : (error as Error).message;
    return { up: false, measurements: [], error: `cannot resolve ${destination.host}: ${reason}` };
  }
  return probeAll(config, endpoints, plan.settings, state, context);
}

function probeAll(
  config: SipOptionsConfig,
  endpoints: readonly SipEndpoint[],
  settings: RequestSettings,
  state: SipProbeState,
  context: ProbeRunContext,
): Promise<ProbeResult> {
  const [only] = endpoints;
  if (endpoints.length === 1 && only !== undefined) return probeEndpoint(config, only, settings, state, context).then(summarizeOne);
  return Promise.all(endpoints.map((endpoint) => probeEndpoint(config, endpoint, settings, state, context))).then(summarize);
}

function probePlan(config: SipOptionsConfig): SipProbePlan {
  const destination = sipDestination(config);
  const settings = requestSettings(config, destination);
  // An IP address resolves to itself on the configured or default port (see resolveEndpoints): no SRV, no A/AAAA.
  if (isIP(destination.host) === 0) return { destination, settings };
  const transport = defaultTransport(destination);
  return { destination, settings, endpoints: [{ ip: destination.host, port: destination.port ?? defaultPort(transport), transport }] };
}

function requestSettings(config: SipOptionsConfig, destination: SipDestination): RequestSettings {
  const user = destination.user === undefined ? '' : `${destination.user}@`;
  const port = destination.port === undefined ? '' : `:${destination.port}`;
  const transport = destination.transport === undefined || destination.scheme === 'sips' ? '' : `;transport=${destination.transport}`;
  return {
    requestUri: `${destination.scheme}:${user}${uriHost(destination.host)}${port}${transport}`,
    fromUser: config.from_user,
    fromHost: destination.host,
    userAgent: config.user_agent,
  };
}

function probeEndpoint(
  config: SipOptionsConfig,
  endpoint: SipEndpoint,
  settings: RequestSettings,
  state: SipProbeState,
  context: ProbeRunContext,
): Promise<Outcome> {
  const { clock } = state;
  const { signal } = context;
  const transaction =
    endpoint.transport === 'udp'
      ? udpTransaction(state.udp, endpoint, settings, state.timers === undefined ? { clock, signal } : { clock, signal, timers: state.timers })
      : streamTransaction(
          { ip: endpoint.ip, port: endpoint.port, ...(endpoint.transport === 'tls' ? { tls: tlsOf(config, endpoint) } : {}) },
          settings,
          { clock, signal },
        );
  return transaction.then((outcome) => endpointOutcome(config, endpoint, outcome, context));
}

function endpointOutcome(config: SipOptionsConfig, endpoint: SipEndpoint, outcome: TransactionOutcome, context: ProbeRunContext): Outcome {
  // Without per_ip the measurements carry no labels of their own, which lets the scheduler reuse their series keys.
  const labels: Labels | undefined = config.per_ip ? { ip: endpoint.ip, transport: endpoint.transport } : undefined;
  const measurements: Measurement[] = [];
  if (outcome.rttMs !== undefined) measurements.push(measurement('sip_options_rtt_seconds', labels, outcome.rttMs / 1000));
  const code = outcome.final?.status ?? outcome.provisional?.status;
  if (code !== undefined) measurements.push(measurement('sip_response_code', labels, code));
  const error = verdict(config, endpoint, outcome, context);
  // Per address, its own up/down: the run's overall `up` (written by the scheduler) is 1 only if all are up.
  if (labels !== undefined) measurements.push({ metric: 'up', labels, value: error === undefined ? 1 : 0 });
  if (!config.per_ip) return error === undefined ? { measurements } : { measurements, error };
  return error === undefined ? { measurements, endpoint } : { measurements, endpoint, error };
}

function measurement(metric: string, labels: Labels | undefined, value: number): Measurement {
  return labels === undefined ? { metric, value } : { metric, labels, value };
}

function tlsOf(config: SipOptionsConfig, endpoint: SipEndpoint): StreamTls {
  const host = config.target?.host ?? config.host ?? endpoint.ip;
  const serverName = config.tls?.server_name ?? (isIP(host) === 0 ? host : undefined);
  const ca = config.tls?.ca;
  return { verify: config.tls?.verify ?? true, ...(serverName === undefined ? {} : { serverName }), ...(ca === undefined ? {} : { ca }) };
}

function verdict(config: SipOptionsConfig, endpoint: SipEndpoint, outcome: TransactionOutcome, context: ProbeRunContext): string | undefined {
  const { final } = outcome;
  if (final === undefined) {
    const where = `${endpoint.transport.toUpperCase()} ${uriHost(endpoint.ip)}:${endpoint.port}`;
    if (outcome.error !== undefined) return `${outcome.error} (${where})`;
    if (outcome.provisional !== undefined) {
      return `only a provisional ${outcome.provisional.status} ${outcome.provisional.reason} from ${where}, no final response within ${formatDuration(context.timeoutMs)}`;
    }
    const tries = outcome.sent > 1 ? ` (${outcome.sent} requests sent)` : '';
    return `no answer to OPTIONS from ${where} within ${formatDuration(context.timeoutMs)}${tries}`;
  }
  // A 503 is an answer, but one that means "do not send me traffic": overloaded or in maintenance.
  if (final.status === 503 && !(config.expect_codes?.includes(503) ?? false)) {
    return `answered ${statusText(final)}: the peer is overloaded or in maintenance`;
  }
  if (config.expect_codes !== undefined && !config.expect_codes.includes(final.status)) {
    return `answered ${statusText(final)}, expected ${config.expect_codes.join(' or ')}`;
  }
  return undefined;
}

/** `503 Service Unavailable`: read only for a message, as a UDP response decodes its reason phrase on demand. */
function statusText(response: SipResponse): string {
  return `${response.status} ${response.reason}`.trim();
}

function summarizeOne(outcome: Outcome): ProbeResult {
  return outcome.error === undefined ? { up: true, measurements: outcome.measurements } : summarize([outcome]);
}

function summarize(outcomes: readonly Outcome[]): ProbeResult {
  const failed = outcomes.filter((outcome) => outcome.error !== undefined);
  const measurements = outcomes.flatMap((outcome) => outcome.measurements);
  if (failed.length === 0) return { up: true, measurements };
  const error = failed
    .map((outcome) => (outcome.endpoint === undefined ? outcome.error : `${outcome.endpoint.ip} ${outcome.endpoint.transport}: ${outcome.error}`))
    .join('; ');
  return { up: false, measurements, error };
}

