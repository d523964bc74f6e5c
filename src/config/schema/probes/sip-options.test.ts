import { describe, expect, it } from 'vitest';
import { loadConfigText, type LoadConfigResult, type ProbeOf } from '../../index.js';
import { configWithProbe, issueLines } from '../../testing/config-assertions.js';
import { parseSipUri } from './sip-options.js';

const config = (probe: string): string => configWithProbe(probe, 'sbc-1');

function sipOf(result: LoadConfigResult): ProbeOf<'sip_options'> {
  if (!result.ok) throw new Error(issueLines(result).join('\n'));
  const probe = result.config.targets[0]?.probes[0];
  if (probe?.kind !== 'sip_options') throw new Error('expected a sip_options probe');
  return probe;
}

describe('sip_options probe config', () => {
  it('fills in the defaults', () => {
    expect(sipOf(loadConfigText(config('kind: sip_options\ntarget: sip:sbc1.example.net')))).toEqual({
      kind: 'sip_options',
      target: { scheme: 'sip', host: 'sbc1.example.net' },
      per_ip: false,
      from_user: 'noc',
      user_agent: 'noc-probe',
    });
  });

  it('parses every setting', () => {
    const probe = sipOf(
      loadConfigText(
        config(
          'kind: sip_options\nhost: sbc1.example.net\nport: 5061\ntransport: tls\nper_ip: true\ndns_server: 127.0.0.1:5353\nfrom_user: monitor\nuser_agent: NOC OPTIONS pinger\nexpect_codes: [200, 404]\ntls: {verify: false, server_name: sbc.example.net}',
        ),
      ),
    );
    expect(probe).toMatchObject({
      host: 'sbc1.example.net',
      port: 5061,
      transport: 'tls',
      per_ip: true,
      dns_server: '127.0.0.1:5353',
      from_user: 'monitor',
      user_agent: 'NOC OPTIONS pinger',
      expect_codes: [200, 404],
      tls: { verify: false, server_name: 'sbc.example.net' },
    });
  });

  it.each([
    ['sip:10.0.0.1:5060;transport=tcp', { scheme: 'sip', host: '10.0.0.1', port: 5060, transport: 'tcp' }],
    ['sips:sbc.example.net', { scheme: 'sips', host: 'sbc.example.net' }],
    ['SIP:ping@[::1]:5070;lr;transport=UDP', { scheme: 'sip', user: 'ping', host: '::1', port: 5070, transport: 'udp' }],
    ['sbc1.example.net', { scheme: 'sip', host: 'sbc1.example.net' }],
    ['10.0.0.1:5080', { scheme: 'sip', host: '10.0.0.1', port: 5080 }],
    ['::1', { scheme: 'sip', host: '::1' }],
  ])('splits %s', (text, expected) => {
    expect(parseSipUri(text)).toEqual(expected);
  });

  const P = 'targets.0.probes.0';
  it.each([
    ['neither target nor host', 'kind: sip_options', `6:9 ${P}.target: missing required key "target" (or give host)`],
    ['not a SIP URI', 'kind: sip_options\ntarget: http://sbc1.example.net', `7:17 ${P}.target: expected a sip: or sips: URI, got scheme "http"`],
    ['a bad host', 'kind: sip_options\ntarget: sip:sbc_1!', `7:17 ${P}.target: "sbc_1!" is not a host name or IP address`],
    ['an unknown transport', 'kind: sip_options\ntarget: sip:sbc1;transport=sctp', `7:17 ${P}.target: unknown transport "sctp"; expected udp, tcp or tls`],
    ['sips over udp', 'kind: sip_options\ntarget: sips:sbc1;transport=udp', `7:17 ${P}.target: a sips: URI needs TLS, not transport=udp`],
    ['a port out of range', 'kind: sip_options\ntarget: sip:sbc1:70000', `7:17 ${P}.target: port 70000 is out of range (1 to 65535)`],
    ['target and port', 'kind: sip_options\ntarget: sip:sbc1\nport: 5060', `8:15 ${P}.port: give either target or port, not both (write it in the URI)`],
    ['target and host', 'kind: sip_options\ntarget: sip:sbc1\nhost: sbc1', `8:15 ${P}.host: give either target or host, not both (write it in the URI)`],
    ['a bad transport key', 'kind: sip_options\nhost: sbc1\ntransport: sctp', `8:20 ${P}.transport: expected udp, tcp or tls`],
    ['a bad host key', 'kind: sip_options\nhost: "sbc 1"', `7:15 ${P}.host: expected a host name or IP address`],
    ['a provisional expect code', 'kind: sip_options\nhost: sbc1\nexpect_codes: [200, 180]', `8:29 ${P}.expect_codes.1: expected a final response code (200 to 699)`],
    ['an empty expect_codes', 'kind: sip_options\nhost: sbc1\nexpect_codes: []', `8:23 ${P}.expect_codes: needs at least 1 response code`],
    ['tls without TLS', 'kind: sip_options\ntarget: sip:sbc1\ntls: {verify: false}', `8:14 ${P}.tls: only used with transport tls`],
    ['a bad dns_server', 'kind: sip_options\nhost: sbc1\ndns_server: resolver', `8:21 ${P}.dns_server: expected the IP address and port of a DNS server`],
    ['a bad from_user', 'kind: sip_options\nhost: sbc1\nfrom_user: "no c"', `8:20 ${P}.from_user: expected a SIP user name`],
    ['an unknown key', 'kind: sip_options\nhost: sbc1\nuri: sip:sbc1', `8:9 ${P}.uri: unknown key "uri"`],
  ])('reports %s at its position', (_, probe, fragment) => {
    const issues = issueLines(loadConfigText(config(probe)));
    expect(issues.some((issue) => issue.startsWith(fragment)), issues.join('\n')).toBe(true);
  });
});
