import { describe, expect, it } from 'vitest';
import { certificateEvents } from './certificate-events.js';
import { at, seriesStore } from './testing/series-from-dsl.js';

const HOUR = 3_600_000;
const OLD = Date.UTC(2026, 2, 1) / 1000;
const NEW = Date.UTC(2026, 5, 1) / 1000;
const cert = (ip: string, values: string) => `tls_cert_expiry_seconds{target="web",probe="https",ip="${ip}"} ${values}`;

describe('certificateEvents', () => {
  const cases: { name: string; dsl: string[]; window: [number, number]; want: string[] }[] = [
    { name: 'a new notAfter is a new certificate', dsl: [cert('10.0.0.1', `${OLD} ${OLD} ${NEW}`)], window: [0, 2], want: ['2 10.0.0.1'] },
    { name: 'per ip: one address behind the round robin changed', dsl: [cert('10.0.0.1', `${OLD} ${OLD}`), cert('10.0.0.2', `${OLD} ${NEW}`)], window: [0, 1], want: ['1 10.0.0.2'] },
    { name: 'the change exactly at from counts against the point before', dsl: [cert('10.0.0.1', `${OLD} ${NEW} ${NEW}`)], window: [1, 2], want: ['1 10.0.0.1'] },
    { name: 'the first certificate seen is no change', dsl: [cert('10.0.0.1', `_ ${NEW} ${NEW}`)], window: [0, 2], want: [] },
    { name: 'a change before the window stays out', dsl: [cert('10.0.0.1', `${OLD} ${NEW} ${NEW}`)], window: [2, 2], want: [] },
  ];
  it.each(cases)('$name', async ({ dsl, window, want }) => {
    const store = await seriesStore(dsl.join('\n'));
    const events = await certificateEvents(store, { from: at(window[0]), to: at(window[1]) }, HOUR, undefined);
    expect(events.map((e) => `${(e.at - at(0)) / 10_000} ${e.ip}`)).toEqual(want);
  });

  it('gives both expiry dates', async () => {
    const store = await seriesStore(cert('10.0.0.1', `${OLD} ${NEW}`));
    const [event] = await certificateEvents(store, { from: at(0), to: at(1) }, HOUR, undefined);
    expect(event).toMatchObject({
      kind: 'certificate_changed',
      title: 'new certificate on 10.0.0.1 (web), expires 2026-06-01T00:00:00.000Z',
      target: 'web',
      details: { expiresAt: '2026-06-01T00:00:00.000Z', previousExpiresAt: '2026-03-01T00:00:00.000Z' },
    });
  });
});
