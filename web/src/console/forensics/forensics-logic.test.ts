// Pure helpers of the forensics page: time fields, correlation wording, counter rates, chart alignment, routes.
import { describe, expect, it } from 'vitest';
import { forensicsHref, parseRoute } from '../route.js';
import { alignLines, counterRates, describeCorrelation, formatLag, toApiTime, toFieldTime, toneOfKind, withoutSpecialNumbers } from './forensics-logic.js';

const t = (key: string) => ({ 'corr.leads': 'leads by', 'corr.follows': 'follows by', 'corr.inversely': 'inversely', 'corr.with': 'moves with it', 'corr.against': 'moves against it', 'corr.none': 'no correlation' })[key] ?? key;

describe('forensics page logic', () => {
  it('sends local field times as UTC ISO and passes relative ones through', () => {
    const ms = new Date(2026, 4, 1, 10, 0, 5).getTime();
    expect(toFieldTime(ms)).toBe('2026-05-01 10:00:05');
    expect(toApiTime('2026-05-01 10:00:05')).toBe(new Date(ms).toISOString());
    expect(toApiTime('2026-05-01T10:00')).toBe(new Date(2026, 4, 1, 10, 0).toISOString());
    expect(toApiTime(' -2h ')).toBe('-2h');
    expect(toApiTime('2026-05-01T10:00:00Z')).toBe('2026-05-01T10:00:00Z');
    expect(toApiTime('')).toBeUndefined();
  });

  it('words a correlation from its lag, sign and r', () => {
    const base = { best: 'pearson', description: '', relation: 'leads' } as const;
    expect(describeCorrelation({ ...base, lag: 4, lagMs: 40_000, r: -0.931, sign: -1 }, t)).toBe('leads by 40s, inversely (r\u00a0-0.93)');
    expect(describeCorrelation({ ...base, lag: -9, lagMs: -90_000, r: 0.5, sign: 1 }, t)).toBe('follows by 1m30s (r\u00a00.50)');
    expect(describeCorrelation({ ...base, lag: 0, lagMs: 0, r: 0.96, sign: 1 }, t)).toBe('moves with it (r\u00a00.96)');
    expect(describeCorrelation({ ...base, lag: 0, lagMs: 0, r: null, sign: 0 }, t)).toBe('no correlation');
    expect(formatLag(3_600_000)).toBe('1h');
  });

  it('turns a counter into per-second rates with a gap at a reset', () => {
    const rates = counterRates({ t: [0, 10_000, 20_000, 30_000], v: [100, 200, 50, 150] });
    expect(rates.v).toEqual([null, 10, null, 10]);
  });

  it('aligns lines on the union of their times, in seconds', () => {
    expect(alignLines([{ t: [1000, 2000], v: [1, 2] }, { t: [2000, 3000], v: [5, null] }])).toEqual([[1, 2, 3], [1, 2, null], [null, 5, null]]);
  });

  it('gives each event kind a tone', () => {
    expect([toneOfKind('target_down'), toneOfKind('alert_pending'), toneOfKind('target_up'), toneOfKind('maintenance_started'), toneOfKind('incident_comment')]).toEqual(['down', 'warn', 'up', 'maint', 'unknown']);
  });

  it('reads and writes the forensics route with its query', () => {
    expect(parseRoute('#/forensics?incident=NOC-2026-000001')).toEqual({ page: 'forensics', incident: 'NOC-2026-000001' });
    const query = { from: '-1h', to: 'now', focus: 'up{target="a b"}', match: '{site="co"}' };
    expect(parseRoute(forensicsHref(query))).toEqual({ page: 'forensics', ...query });
    expect(forensicsHref({})).toBe('#/forensics');
  });

  it('turns the API\'s "NaN"/"+Inf"/"-Inf" numbers into missing values, leaving label text alone', () => {
    const answer = { entries: [{ labels: { mode: 'NaN' }, key: 'x{mode="NaN"}', scores: { ks: 'NaN', levelShift: '+Inf', volume: 0.4 }, windowStats: { max: '-Inf' } }] };
    expect(withoutSpecialNumbers(answer)).toEqual({
      entries: [{ labels: { mode: 'NaN' }, key: 'x{mode="NaN"}', scores: { ks: null, levelShift: null, volume: 0.4 }, windowStats: { max: null } }],
    });
  });
});
