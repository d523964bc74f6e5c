import { describe, expect, it } from 'vitest';
import { type SeriesQuerier, type SeriesSelector, isNocError } from '../../core/index.js';
import { buildTimeline } from './build-timeline.js';
import { FakeIncidentStore, testIncident } from './testing/fake-incident-store.js';
import { at, seriesStore } from './testing/series-from-dsl.js';

/** Counts the queries made per metric. */
function counting(inner: SeriesQuerier): { querier: SeriesQuerier; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const count = (selector: SeriesSelector) => calls.set(selector.metric ?? '', (calls.get(selector.metric ?? '') ?? 0) + 1);
  return {
    calls,
    querier: {
      series: (s, r) => (count(s), inner.series(s, r)),
      latest: (s, o) => (count(s), inner.latest(s, o)),
      range: (s, r) => (count(s), inner.range(s, r)),
      aggregate: (s, r, step, fn) => (count(s), inner.aggregate(s, r, step, fn)),
    },
  };
}

const FIRING = 'ALERTS{alertname="SbcDown",alertstate="firing",target="sbc-1"}';

async function scenario() {
  const series = await seriesStore(
    [
      'up{target="sbc-1",probe="sip_options"} 1 1 0 0 0 1 1 0',
      `${FIRING} _ _ 1 1 1 0 _ 1`,
      'tls_cert_expiry_seconds{target="web",ip="10.0.0.1"} 100 100 100 200 200 200 200 300',
    ].join('\n'),
  );
  const incidents = new FakeIncidentStore().add(testIncident('NOC-2026-000001', at(2), { severity: 'S1', affectedTargets: ['sbc-1'] }), [
    { at: at(2), actor: 'monitoring', action: 'registered' },
    { at: at(2), actor: 'monitoring', action: 'alert_joined', details: { alert: { alertname: 'SbcDown', target: 'sbc-1' } } },
    { at: at(5), actor: 'monitoring', action: 'alert_left', details: { alert: { alertname: 'SbcDown', target: 'sbc-1' } } },
    { at: at(5), actor: 'monitoring', action: 'resolved' },
  ]);
  const maintenance = () => Promise.resolve([{ name: 'swap', targets: ['sbc-1'], start: at(2), end: at(4) }]);
  return { series, incidents, maintenance };
}

describe('buildTimeline', () => {
  it('merges every source in time order, causes first at the same instant, alerts linked to their incident', async () => {
    const { series, incidents, maintenance } = await scenario();
    const events = await buildTimeline({ from: at(1), to: at(6) }, { series, incidents, maintenance }, { alertSeverity: () => 'S1' });
    expect(events.map((e) => `${(e.at - at(0)) / 10_000} ${e.kind}${e.incident === undefined ? '' : ` ${e.incident}`}`)).toEqual([
      '2 maintenance_started',
      '2 target_down',
      '2 alert_firing NOC-2026-000001',
      '2 incident_opened NOC-2026-000001',
      '2 incident_alert_joined NOC-2026-000001',
      '3 certificate_changed',
      '4 maintenance_ended',
      '5 target_up',
      '5 alert_resolved NOC-2026-000001',
      '5 incident_alert_left NOC-2026-000001',
      '5 incident_resolved NOC-2026-000001',
    ]);
    expect(events[2]).toMatchObject({ title: 'SbcDown firing on sbc-1', severity: 'S1' });
  });

  it('leaks nothing from outside the window', async () => {
    const { series, incidents, maintenance } = await scenario();
    const events = await buildTimeline({ from: at(6), to: at(6) }, { series, incidents, maintenance });
    expect(events).toEqual([]);
    const later = await buildTimeline({ from: at(7), to: at(7) }, { series, incidents, maintenance });
    expect(later.map((e) => e.kind)).toEqual(['target_down', 'certificate_changed', 'alert_firing']);
    expect(later.every((e) => e.at === at(7))).toBe(true);
    expect(later[2]?.incident).toBeUndefined();
  });

  it('reads each series metric with one latest and one range query, however many targets', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `up{target="t${i}",probe="tcp"} 1 0 1`);
    const { querier, calls } = counting(await seriesStore(lines.join('\n')));
    const events = await buildTimeline({ from: at(0), to: at(2) }, { series: querier });
    expect(events).toHaveLength(100);
    expect(calls.get('up')).toBe(2);
    expect(calls.get('ALERTS')).toBe(2);
    expect(Math.max(...calls.values())).toBe(2);
  });

  it('reads only the sources of the kinds asked for, and returns only those kinds', async () => {
    const { series, incidents, maintenance } = await scenario();
    const { querier, calls } = counting(series);
    const events = await buildTimeline({ from: at(1), to: at(6) }, { series: querier, incidents, maintenance }, { kinds: ['target_down', 'incident_resolved'] });
    expect(events.map((e) => e.kind)).toEqual(['target_down', 'incident_resolved']);
    expect([...calls.keys()]).toEqual(['up']);
  });

  it('filters every source by target', async () => {
    const { series, incidents, maintenance } = await scenario();
    const events = await buildTimeline({ from: at(1), to: at(6) }, { series, incidents, maintenance }, { targets: ['web'] });
    expect(events.map((e) => e.kind)).toEqual(['certificate_changed']);
  });

  it('works with any subset of sources', async () => {
    const { maintenance } = await scenario();
    expect((await buildTimeline({ from: at(0), to: at(9) }, { maintenance })).map((e) => e.kind)).toEqual(['maintenance_started', 'maintenance_ended']);
    expect(await buildTimeline({ from: at(0), to: at(9) }, {})).toEqual([]);
  });

  it.each([
    [at(2), at(1)],
    [Number.NaN, at(1)],
    [at(1), Number.POSITIVE_INFINITY],
  ])('rejects the window [%s, %s] as a bad request', async (from, to) => {
    const error = await buildTimeline({ from, to }, {}).catch((e: unknown) => e);
    expect(isNocError(error, 'bad_request')).toBe(true);
  });
});
