import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { isLabelName, isMetricName } from '../../../core/index.js';
import { ProbeCommon } from '../probe-common.js';
import { Secret } from '../secret.js';
import { Port } from './tcp.js';

/** SNMPv3 authentication protocols, as net-snmp names them. */
export const SNMP_AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
/** SNMPv3 privacy protocols, as net-snmp names them (`aes` is AES-128 CFB). */
export const SNMP_PRIV_PROTOCOLS = ['des', 'aes', 'aes256b', 'aes256r'] as const;
/** SNMPv3 security levels (RFC 3414). */
export const SNMP_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const;
/** An SNMPv3 security level. */
export type SnmpLevel = (typeof SNMP_LEVELS)[number];

// RFC 3414 keys are derived from passwords; net-snmp and snmpd refuse shorter ones.
const MIN_V3_PASSWORD = 8;

/** A numeric OID such as `1.3.6.1.2.1.1.3.0`; a leading dot is dropped. Names need MIBs, which agents' hosts often lack. */
export const NumericOid = z
  .string({ error: 'expected a numeric OID such as 1.3.6.1.2.1.1.3.0' })
  .regex(/^\.?\d+(\.\d+)+$/, { message: 'expected a numeric OID such as 1.3.6.1.2.1.1.3.0 (names need MIBs)' })
  .transform((oid) => oid.replace(/^\./, ''));

const MetricName = z.string().refine(isMetricName, { message: 'expected a metric name: letters, digits, _ and :, not starting with a digit' });

/** How a value is exposed: `counter` names get `_total` appended unless they end with it already. */
export const SnmpValueType = z.enum(['gauge', 'counter'], { error: 'expected gauge or counter' });

/** The stored metric name of a configured `name` and `type`. */
export function snmpMetricName(name: string, type: 'gauge' | 'counter'): string {
  return type === 'counter' && !name.endsWith('_total') ? `${name}_total` : name;
}

/** One `get` entry: a scalar OID and the metric it becomes. */
export const SnmpGet = z
  .strictObject({ oid: NumericOid, name: MetricName, type: SnmpValueType.default('gauge') })
  .transform((entry) => ({ ...entry, metric: snmpMetricName(entry.name, entry.type) }));
/** One `get` entry, with `metric` the name its series is stored under. */
export type SnmpGet = DeepReadonly<z.infer<typeof SnmpGet>>;

/** One `walk` entry: a table column, one series per row index. */
export const SnmpWalk = z
  .strictObject({
    oid: NumericOid,
    name: MetricName,
    type: SnmpValueType.default('gauge'),
    /** The label carrying the row: its index, or the `label_oid` column's value at that index. */
    index_label: z.string().refine(isLabelName, { message: 'expected a label name: letters, digits and _, not starting with a digit' }).default('index'),
    /** A column whose values label the rows (ifDescr 1.3.6.1.2.1.2.2.1.2 for interfaces); the index when absent. */
    label_oid: NumericOid.optional(),
  })
  .transform((entry) => ({ ...entry, metric: snmpMetricName(entry.name, entry.type) }));
/** One `walk` entry, with `metric` the name its series are stored under. */
export type SnmpWalk = DeepReadonly<z.infer<typeof SnmpWalk>>;

const V3Password = Secret.refine((value) => value.length >= MIN_V3_PASSWORD, { message: `too short: SNMPv3 needs at least ${MIN_V3_PASSWORD} characters` });

/** SNMPv3 authentication. */
export const SnmpAuth = z.strictObject({
  protocol: z.enum(SNMP_AUTH_PROTOCOLS, { error: `expected ${SNMP_AUTH_PROTOCOLS.join(', ')}` }),
  password: V3Password,
});

/** SNMPv3 privacy (encryption). */
export const SnmpPriv = z.strictObject({
  protocol: z.enum(SNMP_PRIV_PROTOCOLS, { error: `expected ${SNMP_PRIV_PROTOCOLS.join(', ')}` }),
  password: V3Password,
});

// `version: 3` is a YAML number, `version: 2c` a string: both spellings are accepted.
const SnmpVersion = z
  .union([z.literal('2c'), z.literal('3'), z.literal(3)], { error: 'expected 2c or 3' })
  .transform((version): '2c' | '3' => (version === '2c' ? '2c' : '3'));

/** An `snmp` probe: GET scalars and walk table columns; the values keep their configured metric names. */
export const SnmpProbeConfig = ProbeCommon.extend({
  kind: z.literal('snmp'),
  host: z.string().min(1),
  port: Port.default(161),
  version: SnmpVersion.default('2c'),
  /** v2c only; usually through `community_file` or `${ENV}`. */
  community: Secret.optional(),
  /** v3 only: the USM user name. */
  user: z.string().min(1).optional(),
  auth: SnmpAuth.optional(),
  priv: SnmpPriv.optional(),
  /** v3 only; derived from `auth`/`priv` when absent, checked against them when given. */
  level: z.enum(SNMP_LEVELS, { error: `expected ${SNMP_LEVELS.join(', ')}` }).optional(),
  /** Resends of a request before it counts as lost; they share the probe timeout. */
  retries: z.int({ error: 'expected a whole number' }).min(0, { message: 'must be at least 0' }).max(5, { message: 'must be at most 5' }).default(1),
  get: z.array(SnmpGet).default([]),
  /** Shorthand for gauges: metric name → scalar OID, read along with `get`. */
  oids: z.record(MetricName, NumericOid).optional(),
  walk: z.array(SnmpWalk).default([]),
}).superRefine((probe, ctx) => {
  if (snmpGets(probe).length === 0 && probe.walk.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['get'], message: 'give at least one get, oids or walk entry' });
  }
  checkVersionKeys(probe, ctx);
  checkDuplicateNames(probe, ctx);
});
/** An `snmp` probe. */
export type SnmpProbeConfig = DeepReadonly<z.infer<typeof SnmpProbeConfig>>;

type ParsedSnmp = z.infer<typeof SnmpProbeConfig>;
type Issues = z.core.$RefinementCtx;

function checkVersionKeys(probe: ParsedSnmp, ctx: Issues): void {
  if (probe.version === '2c') {
    if (probe.community === undefined) ctx.addIssue({ code: 'custom', path: ['community'], message: 'missing required key "community" (version 2c)' });
    for (const key of ['user', 'auth', 'priv', 'level'] as const) {
      if (probe[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'only used with version: 3' });
    }
    return;
  }
  if (probe.community !== undefined) ctx.addIssue({ code: 'custom', path: ['community'], message: 'only used with version: 2c' });
  if (probe.user === undefined) ctx.addIssue({ code: 'custom', path: ['user'], message: 'missing required key "user" (version 3)' });
  if (probe.priv !== undefined && probe.auth === undefined) {
    ctx.addIssue({ code: 'custom', path: ['priv'], message: 'needs auth: SNMPv3 has no privacy without authentication' });
  }
  const derived = snmpLevel(probe);
  if (probe.level !== undefined && probe.level !== derived) {
    ctx.addIssue({ code: 'custom', path: ['level'], message: `${probe.level} does not match the keys given (auth and priv make ${derived})` });
  }
}

function checkDuplicateNames(probe: ParsedSnmp, ctx: Issues): void {
  const seen = new Map<string, string>();
  const entries: [PropertyKey[], string][] = [
    ...probe.get.map((e, i): [PropertyKey[], string] => [['get', i, 'name'], e.metric]),
    ...Object.keys(probe.oids ?? {}).map((name): [PropertyKey[], string] => [['oids', name], name]),
    ...probe.walk.map((e, i): [PropertyKey[], string] => [['walk', i, 'name'], e.metric]),
  ];
  for (const [path, metric] of entries) {
    const first = seen.get(metric);
    if (first === undefined) seen.set(metric, path.slice(0, 2).join('.'));
    else ctx.addIssue({ code: 'custom', path, message: `metric "${metric}" is already produced by ${first}` });
  }
}

/** The security level an SNMPv3 probe uses: `level` when given, else what `auth` and `priv` make. */
export function snmpLevel(probe: { readonly auth?: unknown; readonly priv?: unknown }): SnmpLevel {
  if (probe.priv !== undefined) return 'authPriv';
  return probe.auth !== undefined ? 'authNoPriv' : 'noAuthNoPriv';
}

/** The scalars a probe reads: its `get` entries, then its `oids` shorthand as gauges. */
export function snmpGets(probe: { readonly get: readonly SnmpGet[]; readonly oids?: Readonly<Record<string, string>> | undefined }): readonly SnmpGet[] {
  const shorthand = Object.entries(probe.oids ?? {}).map(([name, oid]): SnmpGet => ({ oid, name, type: 'gauge', metric: name }));
  return [...probe.get, ...shorthand];
}
