import { describe, expect, it } from 'vitest';
import { loadConfigText, type LoadConfigResult, type ProbeOf } from '../../index.js';
import { configWithProbe, issueLines } from '../../testing/config-assertions.js';
import { snmpGets } from './snmp.js';

const config = (probe: string): string => configWithProbe(probe, 'sw-1');
const GET = 'get: [{oid: 1.3.6.1.2.1.1.3.0, name: uptime_seconds}]';

function snmpOf(result: LoadConfigResult): ProbeOf<'snmp'> {
  if (!result.ok) throw new Error(issueLines(result).join('\n'));
  const probe = result.config.targets[0]?.probes[0];
  if (probe?.kind !== 'snmp') throw new Error('expected an snmp probe');
  return probe;
}

describe('snmp probe config', () => {
  it('defaults to v2c on port 161 with one retry, gauges and the index label', () => {
    const probe = snmpOf(loadConfigText(config(`kind: snmp\nhost: 10.0.0.1\ncommunity: public\n${GET}\nwalk: [{oid: .1.3.6.1.2.1.2.2.1.10, name: if_in_octets}]`)));
    expect(probe).toMatchObject({ host: '10.0.0.1', port: 161, version: '2c', community: 'public', retries: 1 });
    expect(probe.get).toEqual([{ oid: '1.3.6.1.2.1.1.3.0', name: 'uptime_seconds', type: 'gauge', metric: 'uptime_seconds' }]);
    expect(probe.walk).toEqual([{ oid: '1.3.6.1.2.1.2.2.1.10', name: 'if_in_octets', type: 'gauge', index_label: 'index', metric: 'if_in_octets' }]);
  });

  it('adds _total to counters that lack it', () => {
    const probe = snmpOf(
      loadConfigText(
        config(
          'kind: snmp\nhost: h\ncommunity: c\nget: [{oid: 1.3.6.1.2.1.11.1.0, name: snmp_in_pkts, type: counter}, {oid: 1.3.6.1.2.1.11.2.0, name: snmp_out_pkts_total, type: counter}]',
        ),
      ),
    );
    expect(probe.get.map((entry) => entry.metric)).toEqual(['snmp_in_pkts_total', 'snmp_out_pkts_total']);
  });

  it('reads v3 with auth and priv, deriving the level; version 3 may be a number or a string', () => {
    const v3 = 'user: noc\nauth: {protocol: sha, password: authpass123}\npriv: {protocol: aes, password: privpass123}';
    const probe = snmpOf(loadConfigText(config(`kind: snmp\nhost: h\nversion: 3\n${v3}\n${GET}`)));
    expect(probe).toMatchObject({ version: '3', user: 'noc', auth: { protocol: 'sha' }, priv: { protocol: 'aes' } });
    expect(probe.level).toBeUndefined();
    expect(snmpOf(loadConfigText(config(`kind: snmp\nhost: h\nversion: '3'\nlevel: authPriv\n${v3}\n${GET}`))).version).toBe('3');
  });

  it('reads oids as a shorthand for gauges', () => {
    const probe = snmpOf(loadConfigText(config('kind: snmp\nhost: h\ncommunity: c\noids: { sip_active_dialogs: 1.3.6.1.4.1.9999.1.1 }')));
    expect(snmpGets(probe)).toEqual([{ oid: '1.3.6.1.4.1.9999.1.1', name: 'sip_active_dialogs', type: 'gauge', metric: 'sip_active_dialogs' }]);
  });

  it('reads the community through community_file', () => {
    const result = loadConfigText(config(`kind: snmp\nhost: h\ncommunity_file: /etc/noc/community\n${GET}`), { baseDir: '/', readFile: () => 's3cret\n' });
    expect(snmpOf(result).community).toBe('s3cret');
  });

  it.each([
    ['missing community', `kind: snmp\nhost: h\n${GET}`, '6:9 targets.0.probes.0.community: missing required key "community" (version 2c)'],
    ['no get or walk', 'kind: snmp\nhost: h\ncommunity: c', '6:9 targets.0.probes.0.get: give at least one get, oids or walk entry'],
    ['unknown version', `kind: snmp\nhost: h\nversion: 1\ncommunity: c\n${GET}`, '8:18 targets.0.probes.0.version: expected 2c or 3'],
    ['named OID', 'kind: snmp\nhost: h\ncommunity: c\nget: [{oid: sysUpTime.0, name: up_s}]', '9:21 targets.0.probes.0.get.0.oid: expected a numeric OID such as 1.3.6.1.2.1.1.3.0 (names need MIBs)'],
    ['bad metric name', 'kind: snmp\nhost: h\ncommunity: c\nget: [{oid: 1.3.6.1, name: 9lives}]', '9:36 targets.0.probes.0.get.0.name: expected a metric name: letters, digits, _ and :, not starting with a digit'],
    ['bad type', 'kind: snmp\nhost: h\ncommunity: c\nget: [{oid: 1.3.6.1, name: x, type: histogram}]', '9:45 targets.0.probes.0.get.0.type: expected gauge or counter'],
    ['bad index label', 'kind: snmp\nhost: h\ncommunity: c\nwalk: [{oid: 1.3.6.1, name: x, index_label: if-name}]', '9:53 targets.0.probes.0.walk.0.index_label: expected a label name: letters, digits and _, not starting with a digit'],
    ['named label_oid', 'kind: snmp\nhost: h\ncommunity: c\nwalk: [{oid: 1.3.6.1, name: x, label_oid: ifDescr}]', '9:51 targets.0.probes.0.walk.0.label_oid: expected a numeric OID such as 1.3.6.1.2.1.1.3.0 (names need MIBs)'],
    ['duplicate metric', 'kind: snmp\nhost: h\ncommunity: c\nget: [{oid: 1.3.6.1, name: x_total}]\nwalk: [{oid: 1.3.6.2, name: x, type: counter}]', '10:37 targets.0.probes.0.walk.0.name: metric "x_total" is already produced by get.0'],
    ['bad oids name', 'kind: snmp\nhost: h\ncommunity: c\noids: {a-b: 1.3.6.1}', '9:16 targets.0.probes.0.oids.a-b: expected a metric name: letters, digits, _ and :, not starting with a digit'],
    ['bad oids OID', 'kind: snmp\nhost: h\ncommunity: c\noids: {ab: ifDescr}', '9:20 targets.0.probes.0.oids.ab: expected a numeric OID such as 1.3.6.1.2.1.1.3.0 (names need MIBs)'],
    ['oids clashing with get', 'kind: snmp\nhost: h\ncommunity: c\nget: [{oid: 1.3.6.1, name: ab}]\noids: {ab: 1.3.6.2}', '10:20 targets.0.probes.0.oids.ab: metric "ab" is already produced by get.0'],
    ['v3 keys on v2c', `kind: snmp\nhost: h\ncommunity: c\nuser: noc\n${GET}`, '9:15 targets.0.probes.0.user: only used with version: 3'],
    ['community on v3', `kind: snmp\nhost: h\nversion: 3\nuser: u\ncommunity: c\n${GET}`, '10:20 targets.0.probes.0.community: only used with version: 2c'],
    ['v3 without user', `kind: snmp\nhost: h\nversion: 3\n${GET}`, '6:9 targets.0.probes.0.user: missing required key "user" (version 3)'],
    ['priv without auth', `kind: snmp\nhost: h\nversion: 3\nuser: u\npriv: {protocol: aes, password: privpass123}\n${GET}`, '10:15 targets.0.probes.0.priv: needs auth: SNMPv3 has no privacy without authentication'],
    ['level against the keys', `kind: snmp\nhost: h\nversion: 3\nuser: u\nlevel: authPriv\nauth: {protocol: md5, password: authpass123}\n${GET}`, '10:16 targets.0.probes.0.level: authPriv does not match the keys given (auth and priv make authNoPriv)'],
    ['unknown auth protocol', `kind: snmp\nhost: h\nversion: 3\nuser: u\nauth: {protocol: sha1, password: authpass123}\n${GET}`, '10:26 targets.0.probes.0.auth.protocol: expected md5, sha, sha224, sha256, sha384, sha512'],
    ['short password', `kind: snmp\nhost: h\nversion: 3\nuser: u\nauth: {protocol: sha, password: short}\n${GET}`, '10:41 targets.0.probes.0.auth.password: too short: SNMPv3 needs at least 8 characters'],
    ['unknown priv protocol', `kind: snmp\nhost: h\nversion: 3\nuser: u\nauth: {protocol: sha, password: authpass123}\npriv: {protocol: 3des, password: privpass123}\n${GET}`, '11:26 targets.0.probes.0.priv.protocol: expected des, aes, aes256b, aes256r'],
    ['negative retries', `kind: snmp\nhost: h\ncommunity: c\nretries: -1\n${GET}`, '9:18 targets.0.probes.0.retries: must be at least 0'],
    ['unknown key in get', 'kind: snmp\nhost: h\ncommunity: c\nget: [{oid: 1.3.6.1, name: x, labels: {a: b}}]', '9:39 targets.0.probes.0.get.0.labels: unknown key "labels"'],
  ])('reports %s at its position', (_, probe, expected) => {
    expect(issueLines(loadConfigText(config(probe)))).toContain(expected);
  });
});
