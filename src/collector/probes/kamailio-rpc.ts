import type { OutgoingHttpHeaders } from 'node:http';
import type { ProbeOf } from '../../config/index.js';
import type { Measurement, ProbeFactory, ProbeResult } from '../probe.js';
import { callRpc, type RpcEndpoint } from './kamailio/rpc-client.js';
import { passthroughMeasurements, sipMeasurements } from './kamailio/stat-mapping.js';
import { parseFetchResult, parseStatisticLines, parseUptime, type StatsParse } from './kamailio/stats-result.js';
import { abortReason } from '../abort-reason.js';

const STATS_PARSERS: Readonly<Record<ProbeOf<'kamailio_rpc'>['method'], (result: unknown) => StatsParse>> = {
  'stats.fetch': parseFetchResult,
  'stats.get_statistics': parseStatisticLines,
};

/**
 * Reads Kamailio's statistics and uptime over JSON-RPC: the `sip_*` metrics, `kamailio_uptime_seconds` and
 * the chosen groups under `kamailio_<group>_<name>`. Up when both calls answered.
 */
export const kamailioRpcProbe: ProbeFactory<'kamailio_rpc'> = (config) => {
  const endpoint: RpcEndpoint = {
    url: new URL(config.url),
    headers: requestHeaders(config.headers),
    verifyTls: config.tls.verify,
    ...(config.tls.server_name === undefined ? {} : { serverName: config.tls.server_name }),
    ...(config.tls.ca === undefined ? {} : { ca: config.tls.ca }),
  };
  const parseStats = STATS_PARSERS[config.method];
  return {
    async run(context) {
      const down = (error: string, measurements: readonly Measurement[] = []): ProbeResult => ({
        up: false,
        measurements,
        error: context.signal.aborted ? abortReason(context, 'cancelled before Kamailio answered') : error,
      });
      const statsCall = await callRpc(endpoint, config.method, ['all'], context.signal);
      if (!statsCall.ok) return down(`${config.method}: ${statsCall.error}`);
      const stats = parseStats(statsCall.result);
      if (!stats.ok) return down(`${config.method}: unexpected result: ${stats.error}`);
      const measurements = [...sipMeasurements(stats.stats), ...passthroughMeasurements(stats.stats, config.groups)];
      const uptimeCall = await callRpc(endpoint, 'core.uptime', [], context.signal);
      if (!uptimeCall.ok) return down(`core.uptime: ${uptimeCall.error}`, measurements);
      const uptime = parseUptime(uptimeCall.result);
      if (uptime === undefined) return down('core.uptime: unexpected result: expected an object with uptime seconds', measurements);
      return { up: true, measurements: [...measurements, { metric: 'kamailio_uptime_seconds', value: uptime }] };
    },
  };
};

function requestHeaders(configured: Readonly<Record<string, string>>): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { accept: 'application/json', 'user-agent': 'noc-platform' };
  for (const [name, value] of Object.entries(configured)) headers[name.toLowerCase()] = value;
  return headers;
}

