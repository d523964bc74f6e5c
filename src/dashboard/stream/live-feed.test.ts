import { describe, expect, it } from 'vitest';
import { LiveFeed, type LiveFeedListener } from './live-feed.js';

const recorder = (into: string[], fail = false): LiveFeedListener => ({
  samples: (batch) => {
    if (fail) throw new Error('boom');
    into.push(`samples:${batch.length}`);
  },
  target: (status) => void into.push(`target:${status.target}`),
  alert: (view) => void into.push(`alert:${view.change}`),
  incident: (view) => void into.push(`incident:${view.number}`),
});

describe('LiveFeed', () => {
  it('delivers to every listener until it detaches', () => {
    const feed = new LiveFeed();
    const a: string[] = [];
    const b: string[] = [];
    const detachA = feed.listen(recorder(a));
    feed.listen(recorder(b));
    feed.samples([{ series: 'up', metric: 'up', labels: {}, t: 0, v: 1 }]);
    feed.target({ target: 'sbc-1', role: 'sbc', site: 'mx', state: 'up', probes: [] });
    detachA();
    feed.alert({ change: 'firing' });
    feed.incident({ number: 'INC-1' });
    expect(a).toEqual(['samples:1', 'target:sbc-1']);
    expect(b).toEqual(['samples:1', 'target:sbc-1', 'alert:firing', 'incident:INC-1']);
  });

  it('is inactive without listeners and skips empty batches', () => {
    const feed = new LiveFeed();
    expect(feed.active).toBe(false);
    const seen: string[] = [];
    feed.listen(recorder(seen));
    expect(feed.active).toBe(true);
    feed.samples([]);
    expect(seen).toEqual([]);
  });

  it('keeps a failing listener from reaching the producer or the other listeners', () => {
    const errors: unknown[] = [];
    const feed = new LiveFeed((error) => errors.push(error));
    const seen: string[] = [];
    feed.listen(recorder([], true));
    feed.listen(recorder(seen));
    feed.samples([{ series: 'up', metric: 'up', labels: {}, t: 0, v: 1 }]);
    expect(seen).toEqual(['samples:1']);
    expect(errors).toHaveLength(1);
  });
});
