// The web app's pure logic (no browser): SLA countdown states, headline folding, console routes, language.
import { describe, expect, it } from 'vitest';
import { AggregateSeries } from './lib/aggregate-series.js';
import { byUrgency, countdown } from './lib/countdown.js';
import { parseRoute } from './console/route.js';
import { initialLang } from './lib/i18n.js';

const MIN = 60_000;

describe('countdown', () => {
  it.each([
    ['running with time to spare', 'running', 10 * MIN, 'ok'],
    ['running with less than 25 % left', 'running', 80 * MIN, 'warn'],
    ['past the deadline before the server says so', 'running', 91 * MIN, 'breached'],
    ['breached by the server', 'breached', 10 * MIN, 'breached'],
    ['stopped in time', 'met', 95 * MIN, 'met'],
  ] as const)('%s', (_name, clock, elapsed, expected) => {
    expect(countdown(clock, 0, 90 * MIN, elapsed).state).toBe(expected);
  });

  it('orders incidents by severity, then by the nearest running deadline', () => {
    const incident = (severity: string, attentionDue: string, acknowledgedAt?: string) => ({
      severity,
      attentionDue,
      solutionDue: '2026-01-01T09:00:00Z',
      ...(acknowledgedAt === undefined ? {} : { acknowledgedAt }),
    });
    const sorted = [
      incident('S3', '2026-01-01T01:00:00Z'),
      incident('S1', '2026-01-01T05:00:00Z'),
      incident('S1', '2026-01-01T02:00:00Z'),
      incident('S1', '2026-01-01T00:30:00Z', '2026-01-01T00:10:00Z'),
    ].sort(byUrgency);
    expect(sorted.map((i) => `${i.severity} ${i.acknowledgedAt === undefined ? i.attentionDue : 'ack'}`)).toEqual([
      'S1 2026-01-01T02:00:00Z',
      'S1 2026-01-01T05:00:00Z',
      'S1 ack',
      'S3 2026-01-01T01:00:00Z',
    ]);
  });
});

describe('AggregateSeries', () => {
  const answer = {
    from: 0,
    to: 90_000,
    series: [
      { metric: 'm', labels: { target: 'a' }, points: [[0, 1], [30_000, 2], [60_000, 3]] as [number, number][] },
      { metric: 'm', labels: { target: 'b' }, points: [[0, 10], [30_000, 20]] as [number, number][] },
    ],
  };

  it('sums the series per step bucket and leaves out a newest bucket still filling', () => {
    const sum = new AggregateSeries('sum', 3600);
    sum.seed(answer);
    expect(sum.data()).toEqual([[0, 30], [11, 22]]);
  });

  it('folds live samples into one point per batch, replacing it within the minimum gap', () => {
    const series = new AggregateSeries('avg-max', 3600, 90, 10);
    series.seed(answer);
    expect(series.ingest([{ series: 'a', metric: 'm', labels: { target: 'a' }, t: 65_000, v: 5 }])).toBe(true);
    expect(series.data()).toEqual([[0, 30, 65], [5.5, 11, 12.5], [10, 20, 20]]);
    series.ingest([{ series: 'b', metric: 'm', labels: { target: 'b' }, t: 70_000, v: 'NaN' }, { series: 'b', metric: 'm', labels: { target: 'b' }, t: 70_000, v: 40 }]);
    expect(series.data()).toEqual([[0, 30, 70], [5.5, 11, 22.5], [10, 20, 40]]);
  });
});

describe('console routes and language', () => {
  it('reads the page from the URL fragment', () => {
    expect(parseRoute('#/incidents/NOC-2026-000001')).toEqual({ page: 'incident', number: 'NOC-2026-000001' });
    expect(parseRoute('#/targets/sbc-co-1')).toEqual({ page: 'target', id: 'sbc-co-1' });
    expect(parseRoute('')).toEqual({ page: 'incidents' });
    expect(parseRoute('#/forensics')).toEqual({ page: 'forensics' });
  });

  it('defaults to the browser language, and keeps a saved choice', () => {
    expect(initialLang(undefined, ['es-CL', 'en'])).toBe('es');
    expect(initialLang(undefined, ['pt-BR'])).toBe('en');
    expect(initialLang({ getItem: () => 'en' }, ['es-CL'])).toBe('en');
  });
});
