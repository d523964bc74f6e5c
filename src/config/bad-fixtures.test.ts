import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './load-config.js';

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url));

// One mistake per fixture, and the one line `check-config` prints for it (without the file name).
const CASES: readonly (readonly [string, string])[] = [
  ['unknown-on-call-schedule.bad.yaml', '9:45 notifications.routes.0.channels.L2.0.on_call: unknown on-call schedule "dba-rota"'],
  ['unknown-business-calendar.bad.yaml', '3:19 notifications.business_hours: unknown calendar (sla.calendars) "support-desk"'],
  ['reply-channel-not-email.bad.yaml', '9:20 notifications.inbound_email.reply_channel: the reply channel must be an email channel; "pager" is webhook'],
  ['bad-incident-prefix.bad.yaml', '3:11 incidents.prefix: expected 2 to 8 uppercase letters or digits, such as NOC'],
  ['postgres-incidents-without-url.bad.yaml', '3:3 incidents.url: kind postgres needs url (postgres://user:password@host:5432/database)'],
  ['spool-size-in-words.bad.yaml', '6:15 store.buffer.max_size: expected a size such as 512MiB, 2GB or a whole number of bytes, got "a lot"'],
  ['bad-label-name.bad.yaml', '7:7 targets.0.labels.1tier: expected a label name: letters, digits and _, not starting with a digit'],
  ['bad-regex-matcher.bad.yaml', `5:13 rules.0.select: bad selector: invalid regex for 'a'`],
  ['bad-role.bad.yaml', '4:11 targets.0.role: expected one of core, sbc, database, https, host, got "router"'],
  ['bad-selector.bad.yaml', `5:13 rules.0.select: bad selector: expected ',' or '}' at character 14 of 'up{target="a"'`],
  ['bad-severity.bad.yaml', '6:15 rules.0.severity: expected one of S1, S2, S3, S4, got "S5"'],
  ['bad-target-id.bad.yaml', '3:9 targets.0.id: expected a lowercase id'],
  ['bad-timezone.bad.yaml', '3:13 sla.timezone: unknown time zone'],
  ['defaults-timeout-not-below-interval.bad.yaml', '4:12 defaults.timeout: timeout 10s must be shorter than the interval 5s'],
  ['dependency-cycle.bad.yaml', '12:18 targets.1.depends_on.0: dependency cycle: core-1 → sbc-mx-1 → core-1'],
  ['dup-channel.bad.yaml', '7:13 notifications.channels.1.name: duplicate channel name "noc-email" (first at line 4)'],
  ['dup-rule-name.bad.yaml', '9:11 rules.1.name: duplicate rule name "target-down" (first at line 3)'],
  ['dup-target.bad.yaml', '13:9 targets.2.id: duplicate target id "sbc-1" (first at line 8)'],
  ['duplicate-probe.bad.yaml', '9:15 targets.0.probes.1.kind: duplicate probe "https" (first at line 7); give one of them a name'],
  ['duplicate-yaml-key.bad.yaml', '4:3 Map keys must be unique'],
  ['duration-with-words.bad.yaml', '3:13 defaults.interval: expected a duration such as 10s, 5m or 1h30m, got "10 sec"'],
  ['duration-without-unit.bad.yaml', '14:10 rules.0.for: expected a duration such as 10s, 5m or 1h30m, got "1h30"'],
  ['forecast-without-horizon.bad.yaml', '3:5 rules.0.horizon: missing required key "horizon"'],
  ['n-of-m-inverted.bad.yaml', '8:13 rules.0.n_of_m: n must not exceed m'],
  ['listen-without-port.bad.yaml', '3:11 server.listen: expected host:port'],
  ['maintenance-end-before-start.bad.yaml', '12:10 maintenance.0.end: must be after start'],
  ['maintenance-bad-cron.bad.yaml', '11:11 maintenance.0.cron: bad cron expression: hour "25" is out of range'],
  ['missing-role.bad.yaml', '3:5 targets.0.role: missing required key "role"'],
  ['missing-secret-file.bad.yaml', '6:21 server.auth.tokens.0.token: cannot read token_file "secrets/no-such-token": no such file'],
  ['negative-users.bad.yaml', '6:12 targets.0.users: must be 0 or more'],
  ['no-probes.bad.yaml', '6:13 targets.0.probes: a target needs at least one probe'],
  ['secret-and-file.bad.yaml', '5:5 server.auth.wall_token_file: give either wall_token or wall_token_file, not both'],
  ['self-pair.bad.yaml', '6:11 targets.0.pair: a target cannot be paired with itself'],
  ['short-token.bad.yaml', '6:16 server.auth.tokens.0.token: too short: a token needs at least 16 characters'],
  ['target-key-typo.bad.yaml', '6:5 targets.0.contry: unknown key "contry" (did you mean "country"?)'],
  ['threshold-without-op.bad.yaml', '3:5 rules.0.op: missing required key "op"'],
  ['timeout-not-below-interval.bad.yaml', '10:18 targets.0.probes.0.timeout: timeout 10s must be shorter than the interval 10s'],
  ['unknown-depends-on.bad.yaml', '11:26 targets.1.depends_on.1: unknown target "core-2" (did you mean "core-1"?)'],
  ['unknown-maintenance-target.bad.yaml', '4:15 maintenance.0.targets.0: unknown target "core-1"'],
  ['unknown-pair.bad.yaml', '6:11 targets.0.pair: unknown target "core-3" (did you mean "core-1"?)'],
  ['unknown-probe-kind.bad.yaml', '7:15 targets.0.probes.0.kind: unknown probe kind "http"; expected one of https, ssllabs, tcp'],
  ['unknown-route-channel.bad.yaml', '11:14 notifications.routes.0.channels.L2.0: unknown channel "noc-sms"'],
  ['unknown-rule-channel.bad.yaml', '9:16 rules.0.channels.0: unknown channel "noc-pagr" (did you mean "noc-pager"?)'],
  ['unknown-store-kind.bad.yaml', '3:9 store.kind: unknown store kind "postgres"; expected one of sqlite, influxdb, victoriametrics'],
  ['unknown-top-level-key.bad.yaml', '2:1 target: unknown key "target" (did you mean "targets"?)'],
  ['unset-env.bad.yaml', '6:16 server.auth.tokens.0.token: environment variable NOC_FIXTURE_UNSET_TOKEN is not set'],
  ['yaml-syntax.bad.yaml', '7:5 Flow sequence in block collection must be sufficiently indented'],
  ['service-cycle.bad.yaml', '4:14 services.0.members: services contain each other: sip-mx → cores → sip-mx'],
  ['unknown-service-member.bad.yaml', '10:23 services.0.members.1: unknown service member (target id or service name) "core-2" (did you mean "core-1"?)'],
  ['service-requires-too-many.bad.yaml', '13:14 services.0.require: requires 3 members up but lists only 2'],
  ['contract-unknown-service.bad.yaml', '5:41 sla.contract.sites.mx.service: unknown service "sip-mx"'],
  ['penalty-tiers-inverted.bad.yaml', '6:34 sla.contract.availability_penalties.1.discount: below 99.9% must discount at least the 10% given below 99.99%'],
  ['monthly-reports-channel-not-email.bad.yaml', '10:16 sla.reports.monthly.channel: channel "pager" is a webhook channel; the monthly reports need an email channel'],
];

describe('bad fixtures', () => {
  it.each(CASES)('%s → %s', (name, expected) => {
    const result = loadConfigFile(`${TESTDATA}${name}`, { env: {} });
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.issues.map((i) => `${i.line}:${i.col} ${i.path === '' ? '' : `${i.path}: `}${i.message}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
  });

  it('has a case for every *.bad.yaml in testdata', () => {
    const files = readdirSync(TESTDATA).filter((name) => name.endsWith('.bad.yaml'));
    expect(files.sort()).toEqual(CASES.map(([name]) => name).sort());
    expect(files.length).toBeGreaterThanOrEqual(25);
  });
});
