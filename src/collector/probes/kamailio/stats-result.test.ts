import { describe, expect, it } from 'vitest';
import { parseFetchResult, parseStatisticLines, parseUptime } from './stats-result.js';

describe('Kamailio statistics answers', () => {
  it('reads stats.fetch objects, string or number values, splitting on the first dot', () => {
    const parsed = parseFetchResult({ 'dialog.active_dialogs': '3', 'core.rcv_requests': 12, 'script.a.b': '1', 'shmem.free_size': '64154848' });
    expect(parsed).toEqual({
      ok: true,
      stats: [
        { group: 'dialog', name: 'active_dialogs', value: 3 },
        { group: 'core', name: 'rcv_requests', value: 12 },
        { group: 'script', name: 'a.b', value: 1 },
        { group: 'shmem', name: 'free_size', value: 64154848 },
      ],
    });
  });

  it('skips stats.fetch entries without a group or a number', () => {
    expect(parseFetchResult({ nogroup: '1', '.x': '1', 'core.': '1', 'core.a': 'n/a', 'core.b': '' })).toEqual({ ok: true, stats: [] });
  });

  it('reads stats.get_statistics lines and skips the others', () => {
    const parsed = parseStatisticLines(['core:rcv_requests = 3', 'usrloc:location_contacts = 2', 'garbage', 'tmx:2xx_transactions=7', 'sl:x = ?']);
    expect(parsed).toEqual({
      ok: true,
      stats: [
        { group: 'core', name: 'rcv_requests', value: 3 },
        { group: 'usrloc', name: 'location_contacts', value: 2 },
        { group: 'tmx', name: '2xx_transactions', value: 7 },
      ],
    });
  });

  it('says what it expected when the shape is wrong', () => {
    expect(parseFetchResult(['core:rcv_requests = 3'])).toEqual({ ok: false, error: 'expected an object of "group.name": "value" statistics' });
    expect(parseStatisticLines({ 'core.rcv_requests': '3' })).toEqual({ ok: false, error: 'expected a list of "group:name = value" lines' });
  });

  it('reads core.uptime', () => {
    expect(parseUptime({ now: 'Thu', up_since: 'Thu', uptime: 42 })).toBe(42);
    expect(parseUptime({ uptime: '42' })).toBeUndefined();
    expect(parseUptime(null)).toBeUndefined();
  });
});
