import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, parseSelector, seriesKey } from '../../core/index.js';
import { InfluxSeriesStore } from './influx-series-store.js';

const URL = 'http://127.0.0.1:18998';
const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);

function open(): InfluxSeriesStore {
  return new InfluxSeriesStore({
    url: URL,
    version: 1,
    token: 'reader:pw',
    database: 'noc',
    clock: new ManualClock(T0),
    retry: { maxRetries: 1, minDelay: 1, maxDelay: 1, sleep: async () => undefined },
  });
}

describe('InfluxDB 1.x HTTP answers', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect('127.0.0.1');
  });

  it('sends the token on reads and writes, and reads the measurement list before a first write', async () => {
    const scope = nock(URL, { reqheaders: { authorization: 'Token reader:pw' } })
      .post('/query', (body: Record<string, string>) => body.db === 'noc' && body.epoch === 'ms' && /ORDER BY time DESC LIMIT 1$/.test(body.q ?? ''))
      .reply(200, { results: [{ statement_id: 0, series: [{ name: 'up', tags: { target: 'a' }, columns: ['time', 'value', 'special'], values: [[T0, 1, null]] }] }] })
      .post('/write', `up,target=a value=0 ${T0 + 1000}`)
      .query({ db: 'noc', precision: 'ms' })
      .reply(204);
    const store = open();
    const key = seriesKey('up', { target: 'a' });
    await expect(store.append([{ series: key, t: T0, v: 5 }, { series: key, t: T0 + 1000, v: 0 }])).resolves.toEqual({ accepted: 1, rejected: 1 });
    scope.done();
    await store.close();
  });

  it('reports a failed statement with the server error, and a 401 as unauthorized', async () => {
    nock(URL)
      .post('/query')
      .reply(200, { results: [{ statement_id: 0, error: 'error parsing query: found EOF' }] })
      .post('/query')
      .reply(401, { error: 'authorization failed' });
    const store = open();
    await expect(store.range(parseSelector('up'), { from: 0, to: 1 })).rejects.toThrow(/InfluxDB query failed: error parsing query/);
    await expect(store.latest(parseSelector('up'))).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/401.*authorization failed/) });
    await store.close();
  });

  it('refuses a truncated (partial) answer instead of returning part of the data', async () => {
    nock(URL)
      .post('/query')
      .reply(200, { results: [{ statement_id: 0, partial: true, series: [{ name: 'up', columns: ['time', 'value', 'special'], values: [[T0, 1, null]] }] }] });
    const store = open();
    await expect(store.range(parseSelector('up'), { from: 0, to: T0 })).rejects.toThrow(/partial/);
    await store.close();
  });
});
