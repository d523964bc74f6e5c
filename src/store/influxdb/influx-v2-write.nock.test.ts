import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NocError, type Sample, seriesKey, silentLogger } from '../../core/index.js';
import { InfluxSeriesStore } from './influx-series-store.js';
import { influxStoreOptions } from './influx-store-options.js';

// Only 2.x/3.x give these answers; the URL is loopback and nothing really listens there.
const URL = 'http://127.0.0.1:18999';
const WRITE = '/api/v2/write';
const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);

function open(sleeps: number[]): InfluxSeriesStore {
  return new InfluxSeriesStore({
    url: URL,
    version: 2,
    token: 'secret-token',
    org: 'noc-org',
    bucket: 'noc-bucket',
    clock: new ManualClock(T0),
    seedFromServer: false,
    retry: { maxRetries: 3, minDelay: 1000, maxDelay: 8000, sleep: async (ms) => void sleeps.push(ms) },
  });
}

const batch: Sample[] = [
  { series: seriesKey('up', { target: 'sbc-1' }), t: T0, v: 1 },
  { series: seriesKey('up', { target: 'sbc-1' }), t: T0 + 10_000, v: -0 },
];

describe('InfluxDB v2 write path (official client) answers', () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect('127.0.0.1');
  });

  it('sends the org, bucket, ms precision, token and line protocol, and resolves on 204', async () => {
    const bodies: string[] = [];
    const scope = nock(URL, { reqheaders: { authorization: 'Token secret-token' } })
      .post(WRITE, (body: string) => (bodies.push(body), true))
      .query({ org: 'noc-org', bucket: 'noc-bucket', precision: 'ms' })
      .reply(204);
    const store = open([]);
    await expect(store.append(batch)).resolves.toEqual({ accepted: 2, rejected: 0 });
    expect(bodies).toEqual([`up,target=sbc-1 value=1 ${T0}\nup,target=sbc-1 value=-0 ${T0 + 10_000}`]);
    scope.done();
    await store.close();
  });

  it('gzips a large batch and splits it into requests of at most batchLines lines', async () => {
    const scope = nock(URL).post(WRITE).query(true).matchHeader('content-encoding', 'gzip').times(3).reply(204);
    const store = new InfluxSeriesStore({
      url: URL,
      version: 2,
      token: 't',
      org: 'o',
      bucket: 'b',
      seedFromServer: false,
      batchLines: 100,
      retry: { maxRetries: 0, minDelay: 1, maxDelay: 1 },
      gzipThreshold: 1000,
    });
    const many: Sample[] = Array.from({ length: 250 }, (_, i) => ({ series: seriesKey('load', { target: `host-${i}` }), t: T0, v: i }));
    await expect(store.append(many)).resolves.toEqual({ accepted: 250, rejected: 0 });
    scope.done();
    await store.close();
  });

  it('rejects a bad token (401) with the server message, without retrying', async () => {
    const scope = nock(URL).post(WRITE).query(true).reply(401, { code: 'unauthorized', message: 'unauthorized access' });
    const sleeps: number[] = [];
    const store = open(sleeps);
    const error = await store.append(batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NocError);
    expect((error as NocError).code).toBe('unauthorized');
    expect((error as Error).message).toMatch(/401.*unauthorized access/);
    expect(sleeps).toEqual([]);
    expect(store.stats()).toMatchObject({ samplesAppended: 0 });
    scope.done();
    await store.close();
  });

  it('rejects a 413 partial write naming the server answer, and lets the batch be sent again', async () => {
    const scope = nock(URL)
      .post(WRITE)
      .query(true)
      .reply(413, { code: 'request too large', message: 'partial write: unable to write points larger than 1000 bytes' })
      .post(WRITE)
      .query(true)
      .reply(204);
    const store = open([]);
    await expect(store.append(batch)).rejects.toThrow(/too large \(413\).*partial write/);
    // The refused samples were not recorded as written: the same batch is accepted on the next try.
    await expect(store.append(batch)).resolves.toEqual({ accepted: 2, rejected: 0 });
    scope.done();
    await store.close();
  });

  it('waits the Retry-After of a 429 before retrying, then succeeds', async () => {
    const scope = nock(URL)
      .post(WRITE)
      .query(true)
      .reply(429, { code: 'too many requests', message: 'org over quota' }, { 'Retry-After': '7' })
      .post(WRITE)
      .query(true)
      .reply(503, 'overloaded')
      .post(WRITE)
      .query(true)
      .reply(204);
    const sleeps: number[] = [];
    const store = open(sleeps);
    await expect(store.append(batch)).resolves.toEqual({ accepted: 2, rejected: 0 });
    // 7 s as asked, then the back-off's second step (1 s doubled) for the 503 without Retry-After.
    expect(sleeps).toEqual([7000, 2000]);
    scope.done();
    await store.close();
  });

  it('gives up after the retries with the last answer (5xx)', async () => {
    const scope = nock(URL).post(WRITE).query(true).times(4).reply(500, { code: 'internal error', message: 'engine: cache full' });
    const sleeps: number[] = [];
    const store = open(sleeps);
    await expect(store.append(batch)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/500.*cache full/) });
    expect(sleeps).toEqual([1000, 2000, 4000]);
    scope.done();
    await store.close();
  });
});

describe('InfluxSeriesStore configuration', () => {
  it('names the missing settings of each version', () => {
    expect(() => new InfluxSeriesStore({ url: URL, version: 1 })).toThrow(/store\.database/);
    expect(() => new InfluxSeriesStore({ url: URL, version: 2, org: 'o', bucket: 'b' })).toThrow(/store\.token/);
    expect(() => new InfluxSeriesStore({ url: URL, version: 2, token: 't', bucket: 'b' })).toThrow(/store\.org and store\.bucket/);
  });

  it('maps the validated config, reading through the bucket name on 2.x when no database is given', async () => {
    const options = influxStoreOptions(
      { kind: 'influxdb', url: URL, version: 2, token: 't', org: 'o', bucket: 'b', buffer: { path: 'x', max_size: 1 << 20, hot_window: 1 } },
      { clock: new ManualClock(T0), log: silentLogger },
    );
    expect(options).toMatchObject({ url: URL, version: 2, token: 't', org: 'o', bucket: 'b', database: undefined });
    const store = new InfluxSeriesStore(options);
    expect(store.ready()).toBe(true);
    await store.close();
    expect(store.ready()).toBe(false);
  });
});
