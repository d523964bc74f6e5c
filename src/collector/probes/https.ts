import { createSecureContext, type SecureContext } from 'node:tls';
import { type Clock, type Labels } from '../../core/index.js';
import type { ProbeOf } from '../../config/index.js';
import type { Measurement, ProbeFactory, ProbeResult, ProbeRunContext } from '../probe.js';
import { checkBody } from './https/check-body.js';
import { describeStatusRanges, statusAccepted } from './https/expect-status.js';
import { fetchFollowingRedirects } from './https/follow-redirects.js';
import { bareHost, type ExchangeRequest, freshConnectionAgents, type Phases, type ProbeAgents } from './https/http-exchange.js';
import { resolveAddresses } from './https/resolve-addresses.js';
import { tlsMeasurements } from './https/tls-facts.js';
import { abortReason } from '../abort-reason.js';

type HttpsConfig = ProbeOf<'https'>;

/** What checking one address (or the URL as the system resolves it) found. */
interface Outcome {
  readonly ip?: string;
  readonly measurements: Measurement[];
  readonly error?: string;
}

/** The `https` probe: status, body, phase timings and certificate facts of a URL, per resolved IP on request. */
export const httpsProbe: ProbeFactory<'https'> = (config, deps) => {
  const secureContext = createSecureContext({
    ...(config.tls.ca === undefined ? {} : { ca: config.tls.ca }),
    ...(config.tls.min_version === undefined ? {} : { minVersion: config.tls.min_version }),
  });
  const agents = freshConnectionAgents();
  return {
    run: (context) => runHttpsProbe(config, deps.clock, context, { secureContext, agents }),
    close: async () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
};

/** One run of an `https` probe; never throws. `reuse` carries the probe's TLS settings and agents across runs. */
export async function runHttpsProbe(
  config: HttpsConfig,
  clock: Clock,
  context: ProbeRunContext,
  reuse: { secureContext?: SecureContext; agents?: ProbeAgents } = {},
): Promise<ProbeResult> {
  const request = { ...firstRequest(config), ...reuse };
  if (!config.per_ip && config.dns_server === undefined) {
    return summarize([await checkAddress(config, request, {}, 0, clock, context)]);
  }
  const host = bareHost(request.url.hostname);
  const started = clock.monotonic();
  let addresses: string[];
  try {
    addresses = await resolveAddresses(host, {
      family: config.ip_version,
      signal: context.signal,
      ...(config.dns_server === undefined ? {} : { server: config.dns_server }),
    });
  } catch (error) {
    const reason = context.signal.aborted ? abortReason(context) : (error as Error).message;
    return { up: false, measurements: [], error: `cannot resolve ${host}: ${reason}` };
  }
  const dnsSeconds = (clock.monotonic() - started) / 1000;
  const chosen = config.per_ip ? addresses : addresses.slice(0, 1);
  const outcomes = await Promise.all(
    chosen.map((ip) => checkAddress(config, { ...request, address: ip }, config.per_ip ? { ip } : {}, dnsSeconds, clock, context)),
  );
  return summarize(outcomes);
}

function firstRequest(config: HttpsConfig): ExchangeRequest {
  const family = config.ip_version === 'any' ? undefined : config.ip_version;
  return {
    url: new URL(config.url),
    method: config.method,
    headers: config.headers,
    verify: config.tls.verify,
    ...(config.body === undefined ? {} : { body: config.body }),
    ...(family === undefined ? {} : { family }),
    ...(config.tls.server_name === undefined ? {} : { serverName: config.tls.server_name }),
    ...(config.tls.ca === undefined ? {} : { ca: config.tls.ca }),
    ...(config.tls.min_version === undefined ? {} : { minVersion: config.tls.min_version }),
  };
}

async function checkAddress(
  config: HttpsConfig,
  request: ExchangeRequest,
  labels: Labels,
  dnsSeconds: number,
  clock: Clock,
  context: ProbeRunContext,
): Promise<Outcome> {
  const fetched = await fetchFollowingRedirects(request, config.follow_redirects, context.signal, clock);
  const { final } = fetched;
  const phases: Phases = { ...fetched.phases, dns: (fetched.phases.dns ?? 0) + dnsSeconds };
  if (phases.total !== undefined) phases.total += dnsSeconds;
  const measurements: Measurement[] = Object.entries(phases).map(([phase, seconds]) => ({
    metric: 'http_phase_seconds',
    labels: { ...labels, phase },
    value: seconds,
  }));
  measurements.push({ metric: 'http_redirects', labels, value: fetched.redirects });
  if (final.status !== undefined) measurements.push({ metric: 'http_status_code', labels, value: final.status });
  if (final.size !== undefined) measurements.push({ metric: 'http_response_size_bytes', labels, value: final.size });
  if (fetched.tls !== undefined) measurements.push(...tlsMeasurements(fetched.tls, labels));
  const error = context.signal.aborted ? abortReason(context) : (fetched.error ?? verdict(config, final.status, final.body));
  // Per address, its own up/down: the run's overall `up` (written by the scheduler) is 1 only if all are up.
  if (labels.ip !== undefined) measurements.push({ metric: 'up', labels, value: error === undefined ? 1 : 0 });
  return { measurements, ...(labels.ip === undefined ? {} : { ip: labels.ip }), ...(error === undefined ? {} : { error }) };
}

function verdict(config: HttpsConfig, status: number | undefined, body: Buffer | undefined): string | undefined {
  if (status === undefined || body === undefined) return 'no complete response';
  if (!statusAccepted(status, config.expect_status)) {
    return `status ${status}, expected ${describeStatusRanges(config.expect_status)}`;
  }
  return checkBody(body, {
    ...(config.body_contains === undefined ? {} : { contains: config.body_contains }),
    ...(config.body_matches === undefined ? {} : { matches: config.body_matches }),
  });
}

function summarize(outcomes: readonly Outcome[]): ProbeResult {
  const failed = outcomes.filter((outcome) => outcome.error !== undefined);
  const measurements = outcomes.flatMap((outcome) => outcome.measurements);
  if (failed.length === 0) return { up: true, measurements };
  const error = failed.map((outcome) => (outcome.ip === undefined ? outcome.error : `${outcome.ip}: ${outcome.error}`)).join('; ');
  return { up: false, measurements, error };
}

