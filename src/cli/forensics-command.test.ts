import { describe, expect, it } from 'vitest';
import { type ForensicsAnswer, forensicsCommand, formatForensicsMarkdown, formatForensicsTable, formatValue } from './forensics-command.js';

const stats = (median: number | string) => ({ count: 360, median, mean: median });

/** A fixed answer of `GET /api/v1/forensics` with a focus series. */
const ANSWER: ForensicsAnswer = {
  window: { from: '2026-11-02T10:00:00.000Z', to: '2026-11-02T11:00:00.000Z' },
  baseline: { from: '2026-11-02T06:00:00.000Z', to: '2026-11-02T10:00:00.000Z' },
  incident: 'NOC-2026-000042',
  considered: 120,
  scored: 100,
  skipped: { empty: 5, constant: 15 },
  focus: { key: 'sip_registered_contacts{target="sbc-1"}' },
  entries: [
    {
      rank: 1,
      key: 'sip_options_rtt_seconds{target="sbc-1"}',
      rated: false,
      combined: 0.98765,
      rankedBy: 'levelShift',
      baselineStats: stats(0.012),
      windowStats: stats(0.4567),
      correlation: { r: -0.91234, lagMs: 40_000, description: 'leads by 40s, inversely' },
    },
    {
      rank: 2,
      key: 'sip_transactions_total{code_class="5xx",target="sbc|1"}',
      rated: true,
      combined: 0.5,
      rankedBy: 'volume',
      baselineStats: stats(0),
      windowStats: stats('+Inf'),
      correlation: { r: 'NaN', lagMs: 0, description: 'no correlation' },
    },
  ],
  timeline: [
    { at: '2026-11-02T10:05:00.000Z', kind: 'target_down', title: 'sbc-1 down (sip_options)' },
    { at: '2026-11-02T10:06:30.000Z', kind: 'alert_firing', title: 'SbcDown firing on sbc-1', incident: 'NOC-2026-000042' },
  ],
  tookMs: 87,
};

function capture(): { out: string[]; err: string[]; io: { out(line: string): void; err(line: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line) => out.push(line), err: (line) => err.push(line) } };
}

describe('formatValue', () => {
  it.each([
    [0, '0'],
    [0.98765, '0.9877'],
    [12345.678, '12350'],
    [2_500_000, '2.50e+6'],
    [0.0001234, '1.23e-4'],
    ['+Inf', '+Inf'],
    ['NaN', 'NaN'],
  ] as const)('%s → %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});

describe('formatForensicsTable', () => {
  it('lists rank, score, method, series, baseline → window median and correlation in aligned columns', () => {
    expect(formatForensicsTable(ANSWER).split('\n')).toEqual([
      'window 2026-11-02 10:00:00Z → 2026-11-02 11:00:00Z (incident NOC-2026-000042), baseline from 2026-11-02 06:00:00Z',
      '120 series considered, 100 scored, 20 skipped (5 empty, 15 constant), 87 ms',
      '',
      'RANK  SCORE   METHOD      SERIES                                                   MEDIAN BASELINE → WINDOW  CORRELATION WITH sip_registered_contacts{target="sbc-1"}',
      '1     0.9877  levelShift  sip_options_rtt_seconds{target="sbc-1"}                  0.012 → 0.4567            r=-0.9123 leads by 40s, inversely',
      '2     0.5     volume      sip_transactions_total{code_class="5xx",target="sbc|1"}  0 → +Inf /s               r=NaN no correlation',
    ]);
  });

  it('says so when nothing was scored, and leaves the correlation column out without a focus', () => {
    const { focus: _focus, ...unfocused } = ANSWER;
    expect(formatForensicsTable({ ...unfocused, entries: [] }).split('\n').at(-1)).toBe('(no series changed enough to score)');
    expect(formatForensicsTable({ ...unfocused, entries: ANSWER.entries.slice(0, 1) }).split('\n')[3]).not.toContain('CORRELATION');
  });
});

describe('formatForensicsMarkdown', () => {
  it('writes the window, a ranking table (pipes escaped) and the timeline', () => {
    expect(formatForensicsMarkdown(ANSWER)).toBe(
      [
        '# Forensics: incident NOC-2026-000042',
        '',
        '- Window: 2026-11-02T10:00:00.000Z → 2026-11-02T11:00:00.000Z',
        '- Baseline: 2026-11-02T06:00:00.000Z → 2026-11-02T10:00:00.000Z',
        '- Focus: `sip_registered_contacts{target="sbc-1"}`',
        '- 120 series considered, 100 scored, 20 skipped (5 empty, 15 constant), 87 ms',
        '',
        '## What changed',
        '',
        '| # | Score | Method | Series | Median baseline → window | Correlation |',
        '|---:|---:|---|---|---|---|',
        '| 1 | 0.9877 | levelShift | `sip_options_rtt_seconds{target="sbc-1"}` | 0.012 → 0.4567 | r=-0.9123 leads by 40s, inversely |',
        '| 2 | 0.5 | volume | `sip_transactions_total{code_class="5xx",target="sbc\\|1"}` | 0 → +Inf /s | r=NaN no correlation |',
        '',
        '## Timeline',
        '',
        '- 2026-11-02 10:05:00Z `target_down` sbc-1 down (sip_options)',
        '- 2026-11-02 10:06:30Z `alert_firing` SbcDown firing on sbc-1 (NOC-2026-000042)',
      ].join('\n'),
    );
  });

  it('titles a plain window by its range and says when the timeline is empty', () => {
    const { incident: _incident, focus: _focus, ...plain } = ANSWER;
    const md = formatForensicsMarkdown({ ...plain, timeline: [] });
    expect(md.split('\n')[0]).toBe('# Forensics: 2026-11-02 10:00:00Z → 2026-11-02 11:00:00Z');
    expect(md).not.toContain('Correlation');
    expect(md.endsWith('Nothing recorded in the window.')).toBe(true);
  });
});

describe('forensicsCommand', () => {
  const answering = (status: number, body: unknown, calls: Array<{ url: string; auth: string | undefined }>): typeof fetch =>
    (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), auth: (init?.headers as Record<string, string> | undefined)?.authorization });
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;

  it('asks the API with the parameters and NOC_TOKEN, and prints the chosen format', async () => {
    const calls: Array<{ url: string; auth: string | undefined }> = [];
    const { out, err, io } = capture();
    const code = await forensicsCommand(['--from', '-2h', '--to', 'now', '--match', 'up{role="sbc"}', '--limit', '5', '--format', 'json', '--url', 'http://127.0.0.1:9999/'], {
      env: { NOC_TOKEN: 'tok' },
      io,
      fetch: answering(200, { data: ANSWER }, calls),
    });
    expect([code, err]).toEqual([0, []]);
    expect(calls).toEqual([{ url: 'http://127.0.0.1:9999/api/v1/forensics?from=-2h&to=now&match=up%7Brole%3D%22sbc%22%7D&limit=5', auth: 'Bearer tok' }]);
    expect(JSON.parse(out.join('\n'))).toEqual(ANSWER);
  });

  it('prints the API error and exits 1', async () => {
    const { out, err, io } = capture();
    const code = await forensicsCommand(['--incident', 'NOC-2026-000999', '--token', 'x'], {
      env: {},
      io,
      fetch: answering(404, { error: { code: 'not_found', message: 'no incident NOC-2026-000999' } }, []),
    });
    expect([code, out, err]).toEqual([1, [], ['noc forensics: 404: no incident NOC-2026-000999']]);
  });

  it.each([
    [[], 'give --from'],
    [['--incident', 'N-1', '--from', '-1h'], 'not both'],
    [['--from', '-1h', '--format', 'html'], '--format'],
    [['--from', '-1h', '--bogus'], 'bogus'],
  ])('refuses the command line %j with exit 2', async (args, message) => {
    const calls: Array<{ url: string; auth: string | undefined }> = [];
    const { err, io } = capture();
    expect(await forensicsCommand(args, { env: {}, io, fetch: answering(200, { data: ANSWER }, calls) })).toBe(2);
    expect(err.join('\n')).toContain(message);
    expect(calls).toEqual([]);
  });
});
