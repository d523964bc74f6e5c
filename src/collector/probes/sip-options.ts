import { isIP } from 'node:net';
import type { ProbeOf } from '../../config/index.js';
import { formatDuration, type Clock, type Labels } from '../../core/index.js';
import type { Measurement, ProbeFactory, ProbeResult, ProbeRunContext } from '../probe.js';
import { resolveEndpoints, sipDestination, type SipDestination, type SipEndpoint } from './sip/endpoints.js';
import { uriHost } from './sip/sip-message.js';
import { streamTransaction } from './sip/stream-transaction.js';
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
}

/**
 * The `sip_options` probe: sends OPTIONS over UDP, TCP or TLS (per address on request) and reports
 * `sip_options_rtt_seconds` and `sip_response_code`. One UDP socket serves every run of the probe.
 */
export const sipOptionsProbe: ProbeFactory<'sip_options'> = (config, deps) => {
  const udp = new SipUdpTransport();
  return {
    run: (context) => runSipOptionsProbe(config, { clock: deps.clock, udp }, context),
    close: () => udp.close(),
  };
};

/** One run of a `sip_options` probe; never throws. */
export async function runSipOptionsProbe(config: SipOptionsConfig, state: SipProbeState, context: ProbeRunContext): Promise<ProbeResult> {
  const destination = sipDestination(config);
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
  const settings = requestSettings(config, destination);
  const outcomes = await Promise.all(endpoints.map((endpoint) => probeEndpoint(config, endpoint, settings, state, context)));
  return summarize(outcomes);
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

async function probeEndpoint(
  config: SipOptionsConfig,
  endpoint: SipEndpoint,
  settings: RequestSettings,
  state: SipProbeState,
  context: ProbeRunContext,
): Promise<Outcome> {
  const options = { clock: state.clock, signal: context.signal };
  const outcome =
    endpoint.transport === 'udp'
      ? await udpTransaction(state.udp, endpoint, settings, { ...options, ...(state.timers === undefined ? {} : { timers: state.timers }) })
      : await streamTransaction(
          { ip: endpoint.ip, port: endpoint.port, ...(endpoint.transport === 'tls' ? { tls: tlsOf(config, endpoint) } : {}) },
          settings,
          options,
        );
  const labels: Labels = config.per_ip ? { ip: endpoint.ip, transport: endpoint.transport } : {};
  const measurements: Measurement[] = [];
  if (outcome.rttMs !== undefined) measurements.push({ metric: 'sip_options_rtt_seconds', labels, value: outcome.rttMs / 1000 });
  const code = outcome.final?.status ?? outcome.provisional?.status;
  if (code !== undefined) measurements.push({ metric: 'sip_response_code', labels, value: code });
  const error = verdict(config, endpoint, outcome, context);
  // Per address, its own up/down: the run's overall `up` (written by the scheduler) is 1 only if all are up.
  if (config.per_ip) measurements.push({ metric: 'up', labels, value: error === undefined ? 1 : 0 });
  return { measurements, ...(config.per_ip ? { endpoint } : {}), ...(error === undefined ? {} : { error }) };
}

function tlsOf(config: SipOptionsConfig, endpoint: SipEndpoint): { verify: boolean; serverName?: string } {
  const host = config.target?.host ?? config.host ?? endpoint.ip;
  const serverName = config.tls?.server_name ?? (isIP(host) === 0 ? host : undefined);
  return { verify: config.tls?.verify ?? true, ...(serverName === undefined ? {} : { serverName }) };
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
  const reply = `${final.status} ${final.reason}`.trim();
  // A 503 is an answer, but one that means "do not send me traffic": overloaded or in maintenance.
  if (final.status === 503 && !(config.expect_codes?.includes(503) ?? false)) {
    return `answered ${reply}: the peer is overloaded or in maintenance`;
  }
  if (config.expect_codes !== undefined && !config.expect_codes.includes(final.status)) {
    return `answered ${reply}, expected ${config.expect_codes.join(' or ')}`;
  }
  return undefined;
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

