import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Sample, type SeriesQuerier, seriesKey } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { readUpHistory, readUpHistoryRaw, type UpProbe } from './up-history.js';
import { timeline, utc } from './testing/timeline-fixtures.js';

const S = 1000;
const MINUTE = 60 * S;
const HOUR = 60 * MINUTE;

/** What a probe reported at one run: a value, or no sample at all (the run did not happen). */
type Run = (t: number) => number | undefined;

/** `up` samples of one probe on its grid offset + k·interval over [from, to), values from `run`. */
function upSamples(target: string, probe: string, intervalMs: number, offsetMs: number, from: number, to: number, run: Run = () => 1): Sample[] {
  const series = seriesKey('up', { target, probe, role: 'sbc', site: 'mx' });
  const out: Sample[] = [];
  for (let t = Math.ceil((from - offsetMs) / intervalMs) * intervalMs + offsetMs; t < to; t += intervalMs) {
    const v = run(t);
    if (v !== undefined) out.push({ series, t, v });
  }
  return out;
}

async function storeWith(...samples: Sample[][]): Promise<MemorySeriesStore> {
  const store = new MemorySeriesStore();
  for (const list of samples) await store.append(list);
  return store;
}

/** A querier whose raw samples before `cutoff` have expired while its rollups (computed from them) remain. */
function expiredBefore(store: MemorySeriesStore, cutoff: number): SeriesQuerier {
  return {
    series: (selector, range) => store.series(selector, range),
    latest: (selector, options) => store.latest(selector, options),
    range: async (selector, range) =>
      (await store.range(selector, range))
        .map((s) => {
          const keep = s.t.findIndex((t) => t >= cutoff);
          const from = keep < 0 ? s.t.length : keep;
          return { ...s, t: s.t.subarray(from), v: s.v.subarray(from) };
        })
        .filter((s) => s.t.length > 0),
    aggregate: (selector, range, step, fn) => store.aggregate(selector, range, step, fn),
  };
}

const SIP: UpProbe = { target: 'sbc-1', probe: 'sip', intervalMs: 10 * S };
const FROM = utc('2026-04-01T10:00:00');
const TO = utc('2026-04-01T14:00:00');
const RANGE = { from: FROM, to: TO };

/** Both readers, checked to agree, and the fast one's answer. */
async function history(querier: SeriesQuerier, probes: readonly UpProbe[], range = RANGE) {
  const fast = await readUpHistory(querier, probes, range);
  expect(fast).toEqual(await readUpHistoryRaw(querier, probes, range));
  return fast;
}

describe('readUpHistory', () => {
  it('reads an hour-clean history as one up span', async () => {
    const store = await storeWith(upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, TO + HOUR));
    expect(await history(store, [SIP])).toEqual(new Map([['sbc-1', [timeline('2026-04-01T10:00', 'up', '2026-04-01T14:00')]]]));
  });

  it('tolerates one missed run and not two, also when the two straddle an hour boundary', async () => {
    const missing = new Set([utc('2026-04-01T10:30:05'), utc('2026-04-01T11:59:55'), utc('2026-04-01T12:00:05'), utc('2026-04-01T13:10:15'), utc('2026-04-01T13:10:25')]);
    const store = await storeWith(upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, TO, (t) => (missing.has(t) ? undefined : 1)));
    const [result] = (await history(store, [SIP])).get('sbc-1') ?? [];
    // 10:30:05 alone is tolerated; 11:59:45 holds until 12:00:05 and 13:10:05 until 13:10:25.
    expect(result).toEqual(
      timeline('2026-04-01T10:00', 'up', '2026-04-01T12:00:05', 'unknown', '2026-04-01T12:00:15', 'up', '2026-04-01T13:10:25', 'unknown', '2026-04-01T13:10:35', 'up', '2026-04-01T14:00'),
    );
  });

  it('finds an outage crossing an hour boundary to the second', async () => {
    const down = (t: number) => (t >= utc('2026-04-01T11:59:35') && t < utc('2026-04-01T12:02:05') ? 0 : 1);
    const store = await storeWith(upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, TO + HOUR, down));
    expect((await history(store, [SIP])).get('sbc-1')).toEqual([
      timeline('2026-04-01T10:00', 'up', '2026-04-01T11:59:35', 'down', '2026-04-01T12:02:05', 'up', '2026-04-01T14:00'),
    ]);
  });

  it('counts NaN as down', async () => {
    const nan = (t: number) => (t === utc('2026-04-01T12:30:05') ? NaN : 1);
    const store = await storeWith(upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, TO + HOUR, nan));
    expect((await history(store, [SIP])).get('sbc-1')).toEqual([
      timeline('2026-04-01T10:00', 'up', '2026-04-01T12:30:05', 'down', '2026-04-01T12:30:15', 'up', '2026-04-01T14:00'),
    ]);
  });

  it('is unknown before a series starts mid-range and after it stops', async () => {
    const store = await storeWith(upSamples('sbc-1', 'sip', 10 * S, 5 * S, utc('2026-04-01T11:20:00'), utc('2026-04-01T12:40:00')));
    expect((await history(store, [SIP])).get('sbc-1')).toEqual([
      timeline('2026-04-01T10:00', 'unknown', '2026-04-01T11:20:05', 'up', '2026-04-01T12:40:15', 'unknown', '2026-04-01T14:00'),
    ]);
  });

  it('takes the first seconds of the range from the sample before it, also for an unaligned range', async () => {
    const store = await storeWith(upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, TO, (t) => (t < FROM ? 0 : 1)));
    expect((await history(store, [SIP])).get('sbc-1')).toEqual([timeline('2026-04-01T10:00', 'down', '2026-04-01T10:00:05', 'up', '2026-04-01T14:00')]);
    const half = { from: utc('2026-04-01T10:30:00'), to: utc('2026-04-01T13:45:00') };
    const late = await storeWith(upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, TO, (t) => (t < half.from ? 0 : 1)));
    expect((await history(late, [SIP], half)).get('sbc-1')).toEqual([timeline('2026-04-01T10:30', 'down', '2026-04-01T10:30:05', 'up', '2026-04-01T13:45')]);
  });

  it('gives a probe without samples one unknown span, and keeps the order of several probes and targets', async () => {
    const store = await storeWith(
      upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, TO),
      upSamples('sbc-1', 'https', 30 * S, 7 * S, FROM - HOUR, TO, (t) => (t < utc('2026-04-01T13:00:00') ? 1 : 0)),
      upSamples('core-1', 'sip', 15 * S, 0, FROM - HOUR, TO),
    );
    const probes: UpProbe[] = [SIP, { target: 'core-1', probe: 'sip', intervalMs: 15 * S }, { target: 'sbc-1', probe: 'https', intervalMs: 30 * S }, { target: 'db-1', probe: 'mysql', intervalMs: 10 * S }];
    expect(await history(store, probes)).toEqual(
      new Map([
        ['sbc-1', [timeline('2026-04-01T10:00', 'up', '2026-04-01T14:00'), timeline('2026-04-01T10:00', 'up', '2026-04-01T13:00:07', 'down', '2026-04-01T14:00')]],
        ['core-1', [timeline('2026-04-01T10:00', 'up', '2026-04-01T14:00')]],
        ['db-1', [timeline('2026-04-01T10:00', 'unknown', '2026-04-01T14:00')]],
      ]),
    );
  });

  it('reads many targets at once and only the probes asked for', async () => {
    const names = Array.from({ length: 140 }, (_, i) => `sbc-${i}.carrier.example`);
    const store = await storeWith(
      ...names.map((name, i) => upSamples(name, 'sip', 10 * S, i * 50, FROM - HOUR, TO, (t) => (i === 42 && t >= utc('2026-04-01T12:00:00') ? 0 : 1))),
      upSamples('sbc-0.carrier.example', 'https', 10 * S, 0, FROM - HOUR, TO, () => 0),
      upSamples('not-asked', 'sip', 10 * S, 0, FROM - HOUR, TO, () => 0),
    );
    const sip = (target: string): UpProbe => ({ target, probe: 'sip', intervalMs: 10 * S });
    // All targets (the target is not matched), then 65 of the 141 (matched by an alternation of 65 names).
    for (const asked of [names, names.slice(0, 65)]) {
      const result = await history(store, asked.map(sip));
      expect([...result.keys()]).toEqual(asked);
      expect(result.get('sbc-0.carrier.example')).toEqual([timeline('2026-04-01T10:00', 'up', '2026-04-01T14:00')]);
      expect(result.get('sbc-42.carrier.example')).toEqual([timeline('2026-04-01T10:00', 'up', '2026-04-01T12:00:02.1', 'down', '2026-04-01T14:00')]);
    }
  });

  it('merges the series of a probe whose labels changed during the range', async () => {
    const before = upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, utc('2026-04-01T12:15:00'));
    const after = upSamples('sbc-1', 'sip', 10 * S, 5 * S, utc('2026-04-01T12:15:00'), TO).map((s) => ({ ...s, series: seriesKey('up', { target: 'sbc-1', probe: 'sip', role: 'sbc', site: 'gdl' }) }));
    const store = await storeWith(before, after);
    expect((await history(store, [SIP])).get('sbc-1')).toEqual([timeline('2026-04-01T10:00', 'up', '2026-04-01T14:00')]);
  });

  it('reads expired hours from the 1-minute rollups, to the minute', async () => {
    // Down from 10:20:35 to 10:23:05: minute 10:20 is half up, 10:21 and 10:22 down; 10:40–10:43 no samples.
    const run: Run = (t) => {
      if (t >= utc('2026-04-01T10:40:00') && t < utc('2026-04-01T10:43:00')) return undefined;
      return t >= utc('2026-04-01T10:20:35') && t < utc('2026-04-01T10:23:05') ? 0 : 1;
    };
    const store = await storeWith(upSamples('sbc-1', 'sip', 10 * S, 5 * S, FROM - HOUR, TO, run));
    const expired = expiredBefore(store, utc('2026-04-01T12:00:00'));
    expect((await readUpHistory(expired, [SIP], RANGE)).get('sbc-1')).toEqual([
      timeline(
        '2026-04-01T10:00',
        'up',
        '2026-04-01T10:20:30',
        'down',
        '2026-04-01T10:23',
        'up',
        // Validity after 10:39's start ends within 10:39 itself: 10:40 is unknown from its start.
        '2026-04-01T10:40',
        'unknown',
        '2026-04-01T10:43',
        'up',
        '2026-04-01T14:00',
      ),
    ]);
    // With the minute rollups gone too, the hour rollup: 327 of the hour's 342 samples up (15 down, 18 runs
    // missing), so up for 327/342 of the hour, 3,442,105 ms, then down.
    const minutesGone: SeriesQuerier = {
      ...expired,
      aggregate: async (selector, range, step, fn) =>
        (await store.aggregate(selector, range, step, fn))
          .map((s) => {
            const keep = step < HOUR ? s.t.findIndex((t) => t >= utc('2026-04-01T12:00:00')) : 0;
            const from = keep < 0 ? s.t.length : keep;
            return { ...s, t: s.t.subarray(from), v: s.v.subarray(from) };
          })
          .filter((s) => s.t.length > 0),
    };
    const hourly = await readUpHistory(minutesGone, [SIP], RANGE);
    expect(hourly.get('sbc-1')).toEqual([timeline('2026-04-01T10:00', 'up', '2026-04-01T10:57:22.105', 'down', '2026-04-01T11:00', 'up', '2026-04-01T14:00')]);
    // Kept raw samples still give the exact answer.
    const kept = expiredBefore(store, utc('2026-04-01T09:00:00'));
    expect((await readUpHistory(kept, [SIP], RANGE)).get('sbc-1')).toEqual([
      timeline('2026-04-01T10:00', 'up', '2026-04-01T10:20:35', 'down', '2026-04-01T10:23:05', 'up', '2026-04-01T10:40:15', 'unknown', '2026-04-01T10:43:05', 'up', '2026-04-01T14:00'),
    ]);
  });

  it('returns empty timelines for an empty range and rejects bad arguments', async () => {
    const store = new MemorySeriesStore();
    expect(await readUpHistory(store, [SIP], { from: FROM, to: FROM })).toEqual(new Map([['sbc-1', [[]]]]));
    expect(await readUpHistory(store, [], RANGE)).toEqual(new Map());
    await expect(readUpHistory(store, [SIP], { from: TO, to: FROM })).rejects.toThrow(/from ≤ to/);
    await expect(readUpHistory(store, [{ ...SIP, intervalMs: 0 }], RANGE)).rejects.toThrow(/intervalMs of probe sip of target sbc-1/);
    await expect(readUpHistoryRaw(store, [SIP], RANGE, { validityIntervals: -1 })).rejects.toThrow(/validityIntervals/);
  });
});

/** A random history: the stretches of a probe's runs that were down, NaN, missing, or one missed run. */
const eventArb = fc.record({
  at: fc.integer({ min: 0, max: 12 * 360 }),
  runs: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 300, max: 800 })),
  kind: fc.constantFrom('down', 'down', 'missing', 'missing', 'nan'),
});

const probeArb = fc.record({
  intervalMs: fc.constantFrom(10 * S, 10 * S, 15 * S, 30 * S, 7 * S, 60 * S, 45 * MINUTE),
  offsetMs: fc.integer({ min: 0, max: 59_999 }),
  startRun: fc.oneof(fc.constant(-1000), fc.integer({ min: 0, max: 12 * 360 })),
  endRun: fc.oneof(fc.constant(1_000_000), fc.integer({ min: 0, max: 12 * 360 })),
  events: fc.array(eventArb, { maxLength: 12 }),
});

describe('readUpHistory against the raw reference', () => {
  it('gives the same timelines as reading every raw sample', async () => {
    const origin = utc('2026-04-01T00:00:00');
    await fc.assert(
      fc.asyncProperty(
        fc.array(probeArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 * HOUR / MINUTE }),
        fc.integer({ min: 1, max: 10 * HOUR / MINUTE }),
        fc.constantFrom(2, 2, 2, 1, 1.5, 3, 0.5),
        async (specs, fromMinute, lengthMinutes, validityIntervals) => {
          const store = new MemorySeriesStore();
          const probes: UpProbe[] = [];
          for (const [i, spec] of specs.entries()) {
            const offset = spec.offsetMs % spec.intervalMs;
            const step = 10 * S;
            const run: Run = (t) => {
              const index = Math.floor((t - origin) / step);
              if (index < spec.startRun || index >= spec.endRun) return undefined;
              let value: number | undefined = 1;
              for (const event of spec.events) {
                if (index < event.at || index >= event.at + event.runs) continue;
                if (event.kind === 'missing') return undefined;
                value = event.kind === 'nan' ? NaN : 0;
              }
              return value;
            };
            await store.append(upSamples(`t-${i % 2}`, `p-${i}`, spec.intervalMs, offset, origin - 2 * HOUR, origin + 14 * HOUR, run));
            probes.push({ target: `t-${i % 2}`, probe: `p-${i}`, intervalMs: spec.intervalMs });
          }
          const range = { from: origin + fromMinute * MINUTE, to: origin + (fromMinute + lengthMinutes) * MINUTE };
          expect(await readUpHistory(store, probes, range, { validityIntervals })).toEqual(await readUpHistoryRaw(store, probes, range, { validityIntervals }));
        },
      ),
      { numRuns: 200 },
    );
  });
});
