import type { OutgoingHttpHeaders } from 'node:http';
import type { ProbeOf } from '../../config/index.js';
import { seriesKey, type Labels } from '../../core/index.js';
import type { Measurement, ProbeFactory, ProbeResult } from '../probe.js';
import { probeLabels } from '../result-samples.js';
import { exportClashingLabels } from './prometheus/exported-labels.js';
import { fetchExposition } from './prometheus/fetch-exposition.js';
import { metricFilter, type MetricFilter } from './prometheus/metric-filter.js';
import { parseExposition, type ExpositionSample } from './prometheus/parse-exposition.js';
import { abortReason } from '../abort-reason.js';

// The collector writes these for every run; a scraped sample under the same name would collide with them.
const OWN_METRICS: ReadonlySet<string> = new Set(['up', 'probe_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_kept']);
const NOTHING_RESERVED: ReadonlySet<string> = new Set();

/**
 * Scrapes a Prometheus text endpoint: every allowed sample becomes a measurement under its own (optionally
 * prefixed) name and labels, plus `scrape_samples_scraped` and `scrape_samples_kept`.
 */
export const prometheusProbe: ProbeFactory<'prometheus'> = (config) => {
  const url = new URL(config.url);
  const keep = metricFilter(config.metrics);
  const headers = requestHeaders(config);
  return {
    async run(context) {
      const fetched = await fetchExposition({
        url,
        headers: { ...headers, 'x-prometheus-scrape-timeout-seconds': String(context.timeoutMs / 1000) },
        verifyTls: config.tls.verify,
        ...(config.tls.server_name === undefined ? {} : { serverName: config.tls.server_name }),
        signal: context.signal,
      });
      if (!fetched.ok) return { up: false, measurements: [], error: context.signal.aborted ? abortReason(context, 'cancelled before the scrape finished') : fetched.error };
      const parsed = parseExposition(fetched.body);
      if (!parsed.ok) return { up: false, measurements: [], error: `not a valid exposition: ${parsed.error}` };
      // Without honor_labels, labels the collector adds win and the scraped ones survive as exported_<name>.
      const reserved = config.honor_labels ? NOTHING_RESERVED : new Set(Object.keys(probeLabels(context.target, '')));
      const result = scrapeResult(parsed.samples, { keep, reserved, prefix: config.metric_prefix ?? '', limit: config.sample_limit });
      return config.honor_labels ? { ...result, honorLabels: true } : result;
    },
  };
};

interface KeepRules {
  readonly keep: MetricFilter;
  readonly reserved: ReadonlySet<string>;
  readonly prefix: string;
  readonly limit: number;
}

function scrapeResult(samples: readonly ExpositionSample[], rules: KeepRules): ProbeResult {
  const kept: Measurement[] = [];
  const series = new Set<string>();
  for (const sample of samples) {
    if (!rules.keep(sample.family, sample.name)) continue;
    const metric = rules.prefix + sample.name;
    if (OWN_METRICS.has(metric)) continue;
    const labels: Labels = exportClashingLabels(sample.labels, rules.reserved);
    // A repeated series would be two values at one time; the first one is kept, as Prometheus does.
    const key = seriesKey(metric, labels);
    if (series.has(key)) continue;
    series.add(key);
    kept.push({ metric, labels, value: sample.value });
  }
  const counts: Measurement[] = [
    { metric: 'scrape_samples_scraped', value: samples.length },
    { metric: 'scrape_samples_kept', value: kept.length },
  ];
  if (kept.length > rules.limit) {
    return { up: false, measurements: counts, error: `sample limit exceeded: ${kept.length} samples kept, the limit is ${rules.limit}` };
  }
  return { up: true, measurements: [...kept, ...counts] };
}

function requestHeaders(config: ProbeOf<'prometheus'>): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    // The classic text format only: OpenMetrics exemplars and protobuf are not parsed.
    accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1',
    'accept-encoding': 'gzip',
    'user-agent': 'noc-platform',
  };
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
  if (config.bearer_token !== undefined) headers['authorization'] = `Bearer ${config.bearer_token}`;
  return headers;
}

