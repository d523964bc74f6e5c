import { describe, expect, it } from 'vitest';
import { RuleConfig } from '../../config/index.js';
import { type Labels, parseSeriesKey, type SeriesInfo, type SeriesKey, type SeriesQuerier, seriesKey } from '../../core/index.js';
import { type EvaluationScope, HeardPositions, ObservationList } from './observation.js';

function rule(select: string, labels: Record<string, string> = {}): RuleConfig {
  return RuleConfig.parse({ name: 'r', select, severity: 'S3', kind: 'threshold', op: '>', value: 1, labels });
}

/** The verdicts added in order (`true` for active), reported as `target:active|quiet` in order. */
function run(config: RuleConfig, scope: EvaluationScope | undefined, series: readonly [SeriesKey, boolean][], querier?: Pick<SeriesQuerier, 'labelNames'>): string[] {
  const list = new ObservationList(config, scope, querier);
  for (const [key, active] of series) list.add({ key, ...parseSeriesKey(key) }, active, !active, active ? 2 : 0);
  return list.finish().map((o) => `${o.labels.target ?? o.labels.alertname}:${o.active ? 'active' : 'quiet'}`);
}

const a = seriesKey('m', { target: 'a' });
const b = seriesKey('m', { target: 'b' });
const c = seriesKey('m', { target: 'c' });
const d = seriesKey('m', { target: 'd' });

describe('ObservationList', () => {
  it('reports every series without a scope', () => {
    expect(run(rule('m'), undefined, [[a, false], [b, true], [c, false]])).toEqual(['a:quiet', 'b:active', 'c:quiet']);
  });

  it('leaves quiet series out when the rule has no alert, and keeps the active ones', () => {
    expect(run(rule('m'), { watched: new Set() }, [[a, false], [b, true], [c, false]])).toEqual(['b:active']);
  });

  it('keeps quiet series that carry an alert, in the order they came', () => {
    expect(run(rule('m'), { watched: new Set([c, a]) }, [[a, false], [b, true], [c, false], [d, false]])).toEqual(['a:quiet', 'b:active', 'c:quiet']);
  });

  it('reports every series when the selector spans metrics: two series can then share an alert', () => {
    expect(run(rule('{target=~".+"}'), { watched: new Set([a]) }, [[a, false], [b, false]])).toEqual(['a:quiet', 'b:quiet']);
  });

  it('reports every series, in order, once one carries a label the rule overrides, even after quiet ones were left out', () => {
    const labelled = seriesKey('m', { target: 'e', team: 'x' });
    const scope = { watched: new Set([b]) };
    expect(run(rule('m', { team: 'voip' }), scope, [[a, false], [b, true], [c, false], [labelled, false], [d, false]])).toEqual([
      'a:quiet',
      'b:active',
      'c:quiet',
      'e:quiet',
      'd:quiet',
    ]);
    // Without that series, or without any alert to share, quiet series stay out.
    expect(run(rule('m', { team: 'voip' }), scope, [[a, false], [b, true], [c, false]])).toEqual(['b:active']);
    expect(run(rule('m', { team: 'voip' }), { watched: new Set() }, [[a, false], [labelled, false]])).toEqual([]);
  });

  it('treats a series labelled alertname as one whose alert may be shared', () => {
    const named = seriesKey('m', { alertname: 'r' });
    expect(run(rule('m'), { watched: new Set([named]) }, [[a, false], [named, false]])).toEqual(['a:quiet', 'r:quiet']);
  });

  it('finds watched series where they were heard last time, and again when they moved', () => {
    const positions = new HeardPositions();
    const scope = (watched: SeriesKey[]) => ({ watched: new Set(watched), positions });
    expect(run(rule('m'), scope([]), [[a, false], [b, true], [c, false], [d, false]])).toEqual(['b:active']);
    expect(positions.of(b)).toBe(1);
    expect(run(rule('m'), scope([b]), [[a, false], [b, false], [c, true], [d, false]])).toEqual(['b:quiet', 'c:active']);
    // The selection changed: b and c are no longer where they were, and are still reported, in order.
    expect(run(rule('m'), scope([b, c]), [[d, false], [c, false], [a, false], [b, false]])).toEqual(['c:quiet', 'b:quiet']);
    expect([positions.of(c), positions.of(b), positions.of(a)]).toEqual([1, 3, undefined]);
    expect(run(rule('m'), scope([b, c]), [[d, false], [c, false], [a, false], [b, false]])).toEqual(['c:quiet', 'b:quiet']);
    // A watched series that is gone is not reported; the others are.
    expect(run(rule('m'), scope([b, c, d]), [[a, false], [c, false], [b, false]])).toEqual(['c:quiet', 'b:quiet']);
  });

  it('with positions, still reports every series once one may share its alert', () => {
    const positions = new HeardPositions();
    const named = seriesKey('m', { alertname: 'r' });
    run(rule('m'), { watched: new Set(), positions }, [[a, true], [b, false]]);
    expect(run(rule('m'), { watched: new Set([a]), positions }, [[a, false], [b, false], [named, false]])).toEqual(['a:quiet', 'b:quiet', 'r:quiet']);
  });

  it('builds alert labels from alertname, the series and the rule, in that order of precedence', () => {
    const list = new ObservationList(rule('m', { team: 'voip' }));
    list.add({ key: a, metric: 'm', labels: { target: 'a', team: 'x' } as Labels }, true, false, 2);
    expect(list.finish()[0]?.labels).toEqual({ alertname: 'r', target: 'a', team: 'voip' });
  });

  it('reports a stand-in without a series whatever the scope', () => {
    const list = new ObservationList(rule('m', { team: 'voip' }), { watched: new Set() });
    list.addStandIn({ target: 'x' } as Labels, true, false, 0);
    const [standIn] = list.finish();
    expect([standIn?.series, standIn?.labels]).toEqual([undefined, { alertname: 'r', target: 'x', team: 'voip' }]);
  });

  it('reads neither key nor labels of a quiet series that is not reported', () => {
    const reads: string[] = [];
    const counted = (key: SeriesKey): SeriesInfo => ({
      get key() {
        reads.push(`${key} key`);
        return key;
      },
      metric: 'm',
      get labels() {
        reads.push(`${key} labels`);
        return parseSeriesKey(key).labels;
      },
    });
    const positions = new HeardPositions();
    const hear = (watched: SeriesKey[], querier?: Pick<SeriesQuerier, 'labelNames'>) => {
      const list = new ObservationList(rule('m', { team: 'voip' }), { watched: new Set(watched), positions }, querier);
      for (const key of [a, b, c]) list.add(counted(key), key === c, key !== c, 0);
      return list.finish().map((o) => `${o.labels.target}:${o.active ? 'active' : 'quiet'}`);
    };
    expect(hear([])).toEqual(['c:active']);
    expect(reads).toEqual([`${c} labels`, `${c} key`]);
    reads.length = 0;
    // c carries an alert and was heard at position 2: only its key is compared there. The store says no series of
    // `m` has a label the rule overrides, so a and b are not read to rule out a shared alert.
    expect(hear([c], { labelNames: () => new Set(['target']) })).toEqual(['c:active']);
    expect(reads).toEqual([`${c} key`, `${c} labels`, `${c} key`]);
    reads.length = 0;
    // Without that word from the store, the quiet series' labels are read (and none carries `team`).
    expect(hear([c])).toEqual(['c:active']);
    expect(reads).toEqual([`${c} key`, `${c} labels`, `${c} key`, `${a} labels`, `${b} labels`]);
  });

  it('reports every series when the store says a series of the metric carries a label the rule overrides', () => {
    const labelled = seriesKey('m', { target: 'e', team: 'x' });
    const names = { labelNames: () => new Set(['target', 'team']) };
    expect(run(rule('m', { team: 'voip' }), { watched: new Set([b]) }, [[a, false], [b, true], [labelled, false]], names)).toEqual(['a:quiet', 'b:active', 'e:quiet']);
    // A name some other series of the metric carries is not enough: the series heard are looked at.
    expect(run(rule('m', { team: 'voip' }), { watched: new Set([b]) }, [[a, false], [b, true], [c, false]], names)).toEqual(['b:active']);
  });
});
