import { describe, expect, it } from 'vitest';
import { parseRole, parseShard, runsAlerter, runsCollector, runsDashboard } from './noc-role.js';

describe('roles', () => {
  it('split the process into its parts', () => {
    const parts = (role: Parameters<typeof runsCollector>[0]) => [runsCollector(role), runsAlerter(role), runsDashboard(role)];
    expect(parts('all')).toEqual([true, true, true]);
    expect(parts('collector')).toEqual([true, false, false]);
    expect(parts('alerter')).toEqual([false, true, false]);
    expect(parts('dashboard')).toEqual([false, false, true]);
  });

  it('parses --role and --shard, naming the flag when wrong', () => {
    expect(parseRole('alerter')).toBe('alerter');
    expect(() => parseRole('leader')).toThrow('--role: expected one of all, collector, alerter, dashboard, got "leader"');
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['3/3', '1/0', '-1/2', '1', '1/2/3', 'a/b', ' 1/2']) {
      expect(() => parseShard(bad)).toThrow(`--shard: expected INDEX/COUNT with 0 ≤ INDEX < COUNT, such as 0/2 or 2/3, got "${bad}"`);
    }
  });
});
