import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { Duration } from '../duration.js';
import { ProbeCommon } from '../probe-common.js';

/** The SSL Labs API versions the probe speaks. */
export const SSLLABS_API_VERSIONS = ['v3', 'v4'] as const;
/** An SSL Labs API version. */
export type SslLabsApiVersion = (typeof SSLLABS_API_VERSIONS)[number];

/** The public API root of each version, used when `base_url` is not given. */
export const SSLLABS_BASE_URLS: Readonly<Record<SslLabsApiVersion, string>> = {
  v3: 'https://api.ssllabs.com/api/v3/',
  v4: 'https://api.ssllabs.com/api/v4/',
};

// Off the top of the hour, when scheduled jobs everywhere pile onto the shared service.
/** When assessments run unless `schedule` says otherwise: daily at 04:17 local time. */
export const SSLLABS_DEFAULT_SCHEDULE = '17 4 * * *';

const CRON_HINT = 'expected a 5-field cron expression (minute hour day-of-month month day-of-week) such as "17 4 * * *"';

/** A 5-field cron expression, as node-cron understands it (no seconds field, no @nicknames). */
export const CronSchedule = z.string().superRefine((value, ctx) => {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) {
    ctx.addIssue({ code: 'custom', message: `${CRON_HINT}, got ${fields.length} field${fields.length === 1 ? '' : 's'}` });
    return;
  }
  let result: ReturnType<typeof validateDetailed>;
  try {
    result = validateDetailed(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: CRON_HINT });
    return;
  }
  if (result.valid) return;
  const bad = result.errors.map((error) => `${error.field} ${JSON.stringify(error.value ?? '')}`).join(', ');
  ctx.addIssue({ code: 'custom', message: bad === '' ? CRON_HINT : `${CRON_HINT}; bad ${bad}` });
});

const HOST_NAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}\.?$/;

/** An SSL Labs probe: a scheduled public assessment of `host`, whose last result is re-reported every interval. */
export const SslLabsProbeConfig = ProbeCommon.extend({
  kind: z.literal('ssllabs'),
  /** The public DNS name to assess (SSL Labs assesses only public names). */
  host: z.string().regex(HOST_NAME, { message: 'expected a public host name such as portal.example.net (no scheme, port or path)' }),
  api: z.enum(SSLLABS_API_VERSIONS).default('v3'),
  /** Registered email, sent as the `email` header; the v4 API requires it. */
  email: z.email({ message: 'expected an email address' }).optional(),
  /** API root; defaults to the public endpoint of `api` ({@link sslLabsBaseUrl}). */
  base_url: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL such as https://api.ssllabs.com/api/v3/' }).optional(),
  schedule: CronSchedule.default(SSLLABS_DEFAULT_SCHEDULE),
  /** Accept a cached report (no new assessment) when one exists. */
  from_cache: z.boolean().default(false),
  /** Oldest cached report accepted with `from_cache`, in hours. */
  max_age: z.int({ error: 'expected a whole number of hours' }).min(1, { message: 'must be at least 1 (hours)' }).optional(),
  /** Show the result on the public SSL Labs boards. */
  publish: z.boolean().default(false),
  /** Assess even when the certificate does not match `host`. */
  ignore_mismatch: z.boolean().default(false),
  /**
   * Wait before the first assessment when no recent result is saved; absent: 5 s plus up to 30 s of
   * jitter, so that many NOCs restarting together do not hit the shared public API at once.
   */
  start_delay: Duration.optional(),
}).superRefine((probe, ctx) => {
  if (probe.api === 'v4' && probe.email === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['email'],
      input: undefined,
      message: 'required with api: v4 (register the address with SSL Labs first; it is sent as the email header)',
    });
  }
  if (probe.max_age !== undefined && !probe.from_cache) {
    ctx.addIssue({ code: 'custom', path: ['max_age'], message: 'applies only with from_cache: true' });
  }
});
/** An SSL Labs probe's settings. */
export type SslLabsProbeConfig = DeepReadonly<z.infer<typeof SslLabsProbeConfig>>;

/** The API root of a probe, with the trailing slash relative paths need. */
export function sslLabsBaseUrl(probe: Pick<SslLabsProbeConfig, 'api' | 'base_url'>): string {
  const url = probe.base_url ?? SSLLABS_BASE_URLS[probe.api];
  return url.endsWith('/') ? url : `${url}/`;
}
