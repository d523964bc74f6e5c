import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { isMetricName } from '../../../core/index.js';
import { ProbeCommon } from '../probe-common.js';
import { Secret } from '../secret.js';
import { ProbeTls, regexReason } from './tcp.js';

/** Samples one scrape may keep by default; beyond it the scrape fails, as Prometheus' `sample_limit` does. */
export const DEFAULT_SAMPLE_LIMIT = 10_000;

/** Which scraped metric names to keep: one exact name, or a fully anchored regular expression. */
export type MetricMatcher =
  | { readonly name: string }
  | { readonly source: string; readonly regex: RegExp };

/** One `metrics` entry: a metric name, or `/regex/` matched against the whole name; regexes compile at load. */
export const MetricMatcher = z.string().transform((text, ctx): MetricMatcher => {
  if (text.length >= 2 && text.startsWith('/') && text.endsWith('/')) {
    try {
      // Anchored, as every Prometheus regex is: `/node_cpu.*/` must not keep `go_node_cpu`.
      return { source: text, regex: new RegExp(`^(?:${text.slice(1, -1)})$`) };
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${regexReason(error)}` });
      return z.NEVER;
    }
  }
  if (isMetricName(text)) return { name: text };
  ctx.addIssue({ code: 'custom', message: 'expected a metric name or a /regex/' });
  return z.NEVER;
});

const HttpUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The URL may carry credentials: it is not echoed.
    ctx.addIssue({ code: 'custom', message: 'expected an absolute URL such as http://127.0.0.1:9100/metrics' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `expected an http:// or https:// URL, got scheme "${url.protocol.slice(0, -1)}"` });
  }
});

const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'expected an HTTP header name' });

/** A `prometheus` probe: scrape a text exposition endpoint and keep its samples under their own names. */
export const PrometheusProbeConfig = ProbeCommon.extend({
  kind: z.literal('prometheus'),
  url: HttpUrl,
  /** Sent with every scrape; values may be secrets and are never logged. */
  headers: z.record(HeaderName, z.string()).default({}),
  /** Sent as `Authorization: Bearer …`; `bearer_token_file` reads it from a file. */
  bearer_token: Secret.optional(),
  tls: ProbeTls.prefault({}),
  /** Keeps only these metrics (by family or sample name); all when absent. */
  metrics: z.array(MetricMatcher).min(1).optional(),
  /** On a clash with the target's labels, keep the scraped value instead of renaming it `exported_<name>`. */
  honor_labels: z.boolean().default(false),
  /** Prepended to every scraped metric name. */
  metric_prefix: z
    .string()
    .refine(isMetricName, { message: 'expected the start of a metric name: letters, digits, _ and :' })
    .optional(),
  /** Most samples one scrape may keep. */
  sample_limit: z.int({ error: 'expected a whole number' }).min(1, { message: 'must be at least 1' }).default(DEFAULT_SAMPLE_LIMIT),
}).superRefine((probe, ctx) => {
  const authorization = Object.keys(probe.headers).find((name) => name.toLowerCase() === 'authorization');
  if (probe.bearer_token !== undefined && authorization !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['bearer_token'], message: `give either bearer_token or headers.${authorization}, not both` });
  }
});
/** A `prometheus` probe. */
export type PrometheusProbeConfig = DeepReadonly<z.infer<typeof PrometheusProbeConfig>>;
