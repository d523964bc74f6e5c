import { describe, expect, it } from 'vitest';
import { loadConfigText, type LoadConfigTextOptions, type ProbeOf } from '../../index.js';
import { issueLines, configWithProbe } from '../../testing/config-assertions.js';

function prometheusOf(probe: string, options: LoadConfigTextOptions = {}): ProbeOf<'prometheus'> {
  const result = loadConfigText(configWithProbe(probe), options);
  if (!result.ok) throw new Error(issueLines(result).join('\n'));
  const parsed = result.config.targets[0]?.probes[0];
  if (parsed?.kind !== 'prometheus') throw new Error('expected a prometheus probe');
  return parsed;
}

describe('prometheus probe config', () => {
  it('needs only a url and fills the defaults', () => {
    const probe = prometheusOf('kind: prometheus\nurl: http://127.0.0.1:9100/metrics');
    expect(probe).toMatchObject({ url: 'http://127.0.0.1:9100/metrics', headers: {}, honor_labels: false, sample_limit: 10_000, tls: { verify: true } });
    expect(probe.metrics).toBeUndefined();
    expect(probe.metric_prefix).toBeUndefined();
  });

  it('compiles metrics entries: exact names stay names, /regex/ entries are anchored', () => {
    const probe = prometheusOf("kind: prometheus\nurl: https://exporter:9100/metrics\nmetrics: [node_load1, '/node_memory_.*_bytes/']");
    const [name, pattern] = probe.metrics ?? [];
    expect(name).toEqual({ name: 'node_load1' });
    if (pattern === undefined || !('regex' in pattern)) throw new Error('expected a regex matcher');
    expect(pattern.source).toBe('/node_memory_.*_bytes/');
    expect(pattern.regex.test('node_memory_MemFree_bytes')).toBe(true);
    expect(pattern.regex.test('go_node_memory_MemFree_bytes')).toBe(false);
    expect(JSON.stringify(probe.metrics)).toContain('/node_memory_.*_bytes/');
  });

  it('reads the bearer token through bearer_token_file', () => {
    const probe = prometheusOf('kind: prometheus\nurl: http://127.0.0.1:9100/metrics\nbearer_token_file: /run/secrets/token', {
      readFile: (path) => (path === '/run/secrets/token' ? 's3cr3t-token-value\n' : ''),
    });
    expect(probe.bearer_token).toBe('s3cr3t-token-value');
  });

  it.each([
    ['an ftp URL', 'kind: prometheus\nurl: ftp://127.0.0.1/metrics', '7:14 targets.0.probes.0.url: expected an http:// or https:// URL, got scheme "ftp"'],
    ['a relative URL', 'kind: prometheus\nurl: /metrics', '7:14 targets.0.probes.0.url: expected an absolute URL'],
    [
      'a bad metrics regex',
      "kind: prometheus\nurl: http://127.0.0.1:9100/metrics\nmetrics:\n  - node_load1\n  - '/node_(cpu/'",
      '10:13 targets.0.probes.0.metrics.1: not a valid regular expression: Unterminated group',
    ],
    [
      'a metrics entry that is neither name nor regex',
      "kind: prometheus\nurl: http://127.0.0.1:9100/metrics\nmetrics: ['node load']",
      'targets.0.probes.0.metrics.0: expected a metric name or a /regex/',
    ],
    [
      'a bad metric_prefix',
      "kind: prometheus\nurl: http://127.0.0.1:9100/metrics\nmetric_prefix: 'edge-'",
      'targets.0.probes.0.metric_prefix: expected the start of a metric name',
    ],
    [
      'a bearer token and an Authorization header',
      'kind: prometheus\nurl: http://127.0.0.1:9100/metrics\nbearer_token: abcdefghijklmnopqrstu\nheaders: {Authorization: Basic eA==}',
      'targets.0.probes.0.bearer_token: give either bearer_token or headers.Authorization, not both',
    ],
    ['a sample_limit of 0', 'kind: prometheus\nurl: http://127.0.0.1:9100/metrics\nsample_limit: 0', 'targets.0.probes.0.sample_limit: must be at least 1'],
  ])('reports %s at its position', (_, probe, fragment) => {
    const issues = issueLines(loadConfigText(configWithProbe(probe)));
    expect(issues.some((issue) => issue.includes(fragment)), issues.join('\n')).toBe(true);
  });
});
