import { describe, expect, it } from 'vitest';
import { metricFilter } from './metric-filter.js';

describe('metricFilter', () => {
  it('keeps everything without an allow-list', () => {
    expect(metricFilter(undefined)('anything', 'anything')).toBe(true);
  });

  it.each([
    ['an exact name', 'node_load1', 'node_load1', true],
    ['another name', 'node_load5', 'node_load5', false],
    ['a histogram series by its family', 'rq', 'rq_bucket', true],
    ['a series named by its own name', 'other', 'node_load1', true],
    ['a name the regex matches whole', 'node_memory_MemFree_bytes', 'node_memory_MemFree_bytes', true],
    ['a name the regex matches only in part', 'go_node_memory_MemFree_bytes', 'go_node_memory_MemFree_bytes', false],
  ])('decides %s', (_, family, name, kept) => {
    const filter = metricFilter([{ name: 'node_load1' }, { name: 'rq' }, { source: '/node_memory_.*/', regex: /^(?:node_memory_.*)$/ }]);
    expect(filter(family, name)).toBe(kept);
  });
});
