import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { ProbeCommon } from '../probe-common.js';
import { ProbeTls } from './tcp.js';

/** Statistic groups passed through as `kamailio_<group>_<name>` when `groups` is not given. */
export const DEFAULT_KAMAILIO_GROUPS = ['core', 'tm', 'tmx', 'sl', 'dialog', 'usrloc', 'pike', 'shmem'] as const;

/** The RPC methods that return every statistic: an object (`stats.fetch`) or `group:name = value` lines. */
export const KAMAILIO_STATS_METHODS = ['stats.fetch', 'stats.get_statistics'] as const;

const RpcUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The URL may carry credentials: it is not echoed.
    ctx.addIssue({ code: 'custom', message: 'expected an absolute URL such as http://10.0.0.1:5071/RPC' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `expected an http:// or https:// URL, got scheme "${url.protocol.slice(0, -1)}"` });
  }
});

const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'expected an HTTP header name' });

// Kamailio names groups after modules (plus `script` for the statistics module); `all` keeps every group.
const StatGroup = z.string().regex(/^[A-Za-z0-9_]+$/, { message: 'expected a statistics group name such as core or dialog, or all' });

const StatGroups = z.array(StatGroup).superRefine((groups, ctx) => {
  groups.forEach((group, index) => {
    if (groups.indexOf(group) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `group "${group}" is listed twice` });
  });
});

/** A `kamailio_rpc` probe: Kamailio's statistics and uptime over JSON-RPC (jsonrpcs over xhttp). */
export const KamailioRpcProbeConfig = ProbeCommon.extend({
  kind: z.literal('kamailio_rpc'),
  url: RpcUrl,
  /** Sent with every call (e.g. Authorization in front of a proxy); values may be secrets and are never logged. */
  headers: z.record(HeaderName, z.string()).default({}),
  tls: ProbeTls.prefault({}),
  /** Groups passed through as `kamailio_<group>_<name>`; `[]` keeps only the mapped `sip_*` metrics. */
  groups: StatGroups.default([...DEFAULT_KAMAILIO_GROUPS]),
  /** Which statistics call to make: both return every statistic, in two shapes. */
  method: z.enum(KAMAILIO_STATS_METHODS, { error: () => 'expected stats.fetch or stats.get_statistics' }).default('stats.fetch'),
});
/** A `kamailio_rpc` probe. */
export type KamailioRpcProbeConfig = DeepReadonly<z.infer<typeof KamailioRpcProbeConfig>>;
