import { describe, expect, it } from 'vitest';
import { loadConfigText, type ProbeOf } from '../../index.js';
import { issueLines, configWithProbe } from '../../testing/config-assertions.js';

function kamailioOf(probe: string): ProbeOf<'kamailio_rpc'> {
  const result = loadConfigText(configWithProbe(probe));
  if (!result.ok) throw new Error(issueLines(result).join('\n'));
  const parsed = result.config.targets[0]?.probes[0];
  if (parsed?.kind !== 'kamailio_rpc') throw new Error('expected a kamailio_rpc probe');
  return parsed;
}

describe('kamailio_rpc probe config', () => {
  it('needs only a url and fills the defaults', () => {
    expect(kamailioOf('kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC')).toEqual({
      kind: 'kamailio_rpc',
      url: 'http://127.0.0.1:5071/RPC',
      headers: {},
      tls: { verify: true },
      groups: ['core', 'tm', 'tmx', 'sl', 'dialog', 'usrloc', 'pike', 'shmem'],
      method: 'stats.fetch',
    });
  });

  it('takes every option', () => {
    const probe = kamailioOf(
      'kind: kamailio_rpc\nurl: https://10.0.0.1:5071/RPC\nheaders: {Authorization: Basic eA==}\ntls: {verify: false}\ngroups: [all]\nmethod: stats.get_statistics',
    );
    expect(probe).toMatchObject({ headers: { Authorization: 'Basic eA==' }, tls: { verify: false }, groups: ['all'], method: 'stats.get_statistics' });
  });

  it('accepts no groups at all: only the mapped metrics are kept', () => {
    expect(kamailioOf('kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC\ngroups: []').groups).toEqual([]);
  });

  it.each([
    ['a missing url', 'kind: kamailio_rpc', '6:9 targets.0.probes.0.url: missing required key "url"'],
    ['an ftp URL', 'kind: kamailio_rpc\nurl: ftp://127.0.0.1/RPC', '7:14 targets.0.probes.0.url: expected an http:// or https:// URL, got scheme "ftp"'],
    ['a relative URL', 'kind: kamailio_rpc\nurl: /RPC', '7:14 targets.0.probes.0.url: expected an absolute URL such as http://10.0.0.1:5071/RPC'],
    [
      'an unknown method',
      'kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC\nmethod: stats.get',
      '8:17 targets.0.probes.0.method: expected stats.fetch or stats.get_statistics',
    ],
    [
      'a group name with a dot',
      'kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC\ngroups:\n  - core\n  - dialog.active',
      '10:13 targets.0.probes.0.groups.1: expected a statistics group name such as core or dialog, or all',
    ],
    [
      'a group listed twice',
      'kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC\ngroups: [core, sl, core]',
      '8:28 targets.0.probes.0.groups.2: group "core" is listed twice',
    ],
    ['groups that is not a list', 'kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC\ngroups: core', '8:17 targets.0.probes.0.groups: expected a list, got text'],
    [
      'a bad header name',
      "kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC\nheaders: {'x y': z}",
      '8:19 targets.0.probes.0.headers.x y: expected an HTTP header name',
    ],
    ['tls.verify that is not a boolean', 'kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC\ntls: {verify: maybe}', '8:23 targets.0.probes.0.tls.verify: expected true or false, got text'],
    ['an unknown key', 'kind: kamailio_rpc\nurl: http://127.0.0.1:5071/RPC\nmethods: stats.fetch', '8:9 targets.0.probes.0.methods: unknown key "methods" (did you mean "method"?)'],
  ])('reports %s at its position', (_, probe, line) => {
    expect(issueLines(loadConfigText(configWithProbe(probe)))).toContain(line);
  });
});
