import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SslLabsProbeConfig } from '../../config/schema/probes/ssllabs.js';
import { type CronScheduler, ManualClock, MemoryProbeStateStore, silentLogger, type ProbeStateStore } from '../../core/index.js';
import type { ProbeResult } from '../probe.js';
import { SslLabsProbe } from './ssllabs.js';
import type { Sleep } from './ssllabs/sleep.js';

const API = 'https://api.ssllabs.com';
const V3 = '/api/v3/analyze';
const V4 = '/api/v4/analyze';
const HOST = 'portal.example.net';
const KEY = 'web-1/ssllabs';
const DAY = 86_400_000;
// Fixtures finish at 04:19:41.324 UTC; the runs below end a little after.
const T0 = Date.UTC(2025, 0, 15, 4, 19, 44);
const MIN = 60_000;

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./ssllabs/fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

const SLOTS = { 'X-Max-Assessments': '25', 'X-Current-Assessments': '1' };

/** A cron scheduler that only runs its job when told to. */
class FakeScheduler implements CronScheduler {
  readonly expressions: string[] = [];
  stopped = false;
  private job: (() => void) | undefined;

  start(expression: string, job: () => void) {
    this.expressions.push(expression);
    this.job = job;
    return { periodMs: DAY, stop: () => void (this.stopped = true) };
  }

  fire(): void {
    this.job?.();
  }
}

interface Harness {
  readonly clock: ManualClock;
  readonly waits: number[];
  readonly cron: FakeScheduler;
  readonly probe: SslLabsProbe;
}

interface HarnessOptions {
  readonly store?: ProbeStateStore;
  readonly clock?: ManualClock;
  readonly random?: () => number;
  /** Waits at least this long block until the probe is closed, like a real timer would. */
  readonly blockFromMs?: number;
}

function harness(settings: Record<string, unknown> = {}, options: HarnessOptions = {}): Harness {
  const clock = options.clock ?? new ManualClock(T0);
  const waits: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    signal.throwIfAborted();
    waits.push(ms);
    if (options.blockFromMs !== undefined && ms >= options.blockFromMs) {
      await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    }
    clock.advance(ms);
  };
  const cron = new FakeScheduler();
  const config = SslLabsProbeConfig.parse({ kind: 'ssllabs', host: HOST, start_delay: '1s', ...settings });
  const probe = new SslLabsProbe(
    config,
    { clock, log: silentLogger, state: options.store ?? new MemoryProbeStateStore(), key: KEY },
    { sleep, scheduler: cron, random: options.random ?? (() => 0.5) },
  );
  return { clock, waits, cron, probe };
}

function lines(result: ProbeResult): string[] {
  return result.measurements.map((m) => {
    const labels = Object.entries(m.labels ?? {}).map(([name, value]) => `${name}="${value}"`);
    return `${m.metric}${labels.length === 0 ? '' : `{${labels.join(',')}}`} ${m.value}`;
  });
}

const READY_LINES = (age: number): string[] => [
  'ssllabs_assessment_timestamp_seconds 1736914781.324',
  `ssllabs_last_assessment_age_seconds ${age}`,
  'ssllabs_grade_score{ip="203.0.113.10"} 100',
  'ssllabs_grade_info{ip="203.0.113.10",grade="A+",grade_trust_ignored="A+"} 1',
  'ssllabs_has_warnings{ip="203.0.113.10"} 0',
  'ssllabs_is_exceptional{ip="203.0.113.10"} 1',
  'ssllabs_endpoint_error{ip="203.0.113.10"} 0',
  'ssllabs_grade_score{ip="203.0.113.11"} 0',
  'ssllabs_grade_info{ip="203.0.113.11",grade="T",grade_trust_ignored="B"} 1',
  'ssllabs_has_warnings{ip="203.0.113.11"} 1',
  'ssllabs_is_exceptional{ip="203.0.113.11"} 0',
  'ssllabs_endpoint_error{ip="203.0.113.11"} 0',
];

const START = { host: HOST, publish: 'off', startNew: 'on' };
const POLL = { host: HOST };

/** A full assessment: DNS on the start call, then IN_PROGRESS, then READY. */
function fullAssessment(path = V3): nock.Scope {
  return nock(API)
    .get(path)
    .query(START)
    .reply(200, fixture('dns.json'), SLOTS)
    .get(path)
    .query(POLL)
    .reply(200, fixture('in-progress.json'), SLOTS)
    .get(path)
    .query(POLL)
    .reply(200, fixture('ready.json'), SLOTS);
}

let unmatched: string[] = [];
const recordUnmatched = (request: { method?: string; path?: string }): void => {
  unmatched.push(`${request.method ?? '?'} ${request.path ?? '?'}`);
};
const probes: SslLabsProbe[] = [];

function track(h: Harness): Harness {
  probes.push(h.probe);
  return h;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on('no match', recordUnmatched);
});

beforeEach(() => {
  unmatched = [];
});

afterEach(async () => {
  await Promise.all(probes.splice(0).map((probe) => probe.close()));
  nock.cleanAll();
  expect(unmatched).toEqual([]);
});

afterAll(() => {
  nock.emitter.removeListener('no match', recordUnmatched);
  nock.enableNetConnect();
});

describe('SslLabsProbe', () => {
  it('reports no result and is down before the first assessment completes', async () => {
    const h = track(harness({}, { blockFromMs: 1000 }));
    const result = await h.probe.run();
    expect(result).toEqual({ up: false, measurements: [], error: `no completed SSL Labs assessment of ${HOST} yet` });
  });

  it('assesses once at start when nothing is saved: startNew only on the first call, polled 5 s then 10 s', async () => {
    const scope = fullAssessment();
    const h = track(harness());
    await h.probe.settled();

    scope.done();
    expect(h.waits).toEqual([1000, 5000, 10_000]);
    const result = await h.probe.run();
    expect(result.up).toBe(true);
    expect(result.error).toBeUndefined();
    expect(lines(result)).toEqual(READY_LINES(19));
  });

  it('waits 5 s plus up to 30 s of jitter before the first assessment unless start_delay says otherwise', async () => {
    const jittered = track(harness({ start_delay: undefined }, { random: () => 0.5, blockFromMs: 0 }));
    await expect.poll(() => jittered.waits).toEqual([20_000]);
    const immediate = track(harness({ start_delay: '0s' }, { blockFromMs: 0 }));
    await expect.poll(() => immediate.waits).toEqual([0]);
  });

  it('starts a cron job on the default schedule, or the configured one, and stops it on close', async () => {
    const defaults = harness({}, { blockFromMs: 1000 });
    const custom = harness({ schedule: '5 3 * * 1-5' }, { blockFromMs: 1000 });
    expect([...defaults.cron.expressions, ...custom.cron.expressions]).toEqual(['17 4 * * *', '5 3 * * 1-5']);
    await Promise.all([defaults.probe.close(), custom.probe.close()]);
    expect([defaults.cron.stopped, custom.cron.stopped]).toEqual([true, true]);
  });

  it('re-reports the saved result every run without calling the API, with a growing age', async () => {
    const scope = fullAssessment();
    const h = track(harness());
    await h.probe.settled();
    scope.done();

    h.clock.advance(5 * MIN);
    const later = await h.probe.run();
    expect(later.up).toBe(true);
    expect(lines(later)).toEqual(READY_LINES(19 + 300));
  });

  it('reports an endpoint that failed while the host is READY without failing the others', async () => {
    const scope = nock(API).get(V3).query(START).reply(200, fixture('ready-endpoint-error.json'), SLOTS);
    const h = track(harness());
    await h.probe.settled();
    scope.done();

    const result = await h.probe.run();
    expect(result.up).toBe(false);
    expect(result.error).toBe('2001:db8::11: Unable to connect to the server');
    expect(lines(result)).toEqual([
      'ssllabs_assessment_timestamp_seconds 1736914702.977',
      'ssllabs_last_assessment_age_seconds 82',
      'ssllabs_grade_score{ip="203.0.113.10"} 95',
      'ssllabs_grade_info{ip="203.0.113.10",grade="A",grade_trust_ignored="A"} 1',
      'ssllabs_has_warnings{ip="203.0.113.10"} 0',
      'ssllabs_is_exceptional{ip="203.0.113.10"} 0',
      'ssllabs_endpoint_error{ip="203.0.113.10"} 0',
      'ssllabs_endpoint_error{ip="2001:db8::11"} 1',
    ]);
  });

  it('waits a minute or more with jitter after 429, then starts again with startNew', async () => {
    const scope = nock(API)
      .get(V3)
      .query(START)
      .reply(429, fixture('error-429.json'))
      .get(V3)
      .query(START)
      .reply(200, fixture('in-progress.json'), SLOTS)
      .get(V3)
      .query(POLL)
      .reply(200, fixture('ready.json'), SLOTS);
    const h = track(harness());
    await h.probe.settled();
    scope.done();

    // random() = 0.5: 60 s × 1.5.
    expect(h.waits).toEqual([1000, 90_000, 10_000]);
    const result = await h.probe.run();
    expect(result.up).toBe(true);
    expect(result.error).toBeUndefined();
  });

  it('backs off 24–36 min (randomised) after each 529, then starts again', async () => {
    const scope = nock(API)
      .get(V3)
      .query(START)
      .reply(529, fixture('error-529.json'))
      .get(V3)
      .query(START)
      .reply(529, fixture('error-529.json'))
      .get(V3)
      .query(START)
      .reply(200, fixture('ready.json'), SLOTS);
    const randoms = [0, 0.999];
    const h = track(harness({}, { random: () => randoms.shift() ?? 0.5 }));
    await h.probe.settled();
    scope.done();

    const [, first, second] = h.waits;
    expect(h.waits).toHaveLength(3);
    for (const wait of [first, second]) {
      expect(wait).toBeGreaterThanOrEqual(24 * MIN);
      expect(wait).toBeLessThanOrEqual(36 * MIN);
    }
    expect(first).toBe(24 * MIN);
    expect(second).toBeGreaterThan(35.9 * MIN);
  });

  it('names the back-off in error while it waits', async () => {
    nock(API).get(V3).query(START).reply(529, fixture('error-529.json'));
    const h = track(harness({}, { blockFromMs: 60_000 }));
    await expect.poll(() => h.waits.length).toBe(2);

    const result = await h.probe.run();
    expect(result.up).toBe(false);
    expect(result.error).toBe(
      `no completed SSL Labs assessment of ${HOST} yet; SSL Labs is overloaded (529): Running at full capacity. ` +
        'Please try again later.; retrying in 30m',
    );
  });

  it('retries network errors a few times', async () => {
    const scope = nock(API)
      .get(V3)
      .query(START)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get(V3)
      .query(START)
      .reply(200, fixture('ready.json'), SLOTS);
    const h = track(harness());
    await h.probe.settled();
    scope.done();
    expect(h.waits).toEqual([1000, 12_500]);
    expect((await h.probe.run()).up).toBe(true);
  });

  it('gives up on 441 (v4) and tells the user to register the email', async () => {
    const scope = nock(API, { reqheaders: { email: 'noc@example.net' } })
      .get(V4)
      .query(START)
      .reply(441, fixture('error-441.json'));
    const h = track(harness({ api: 'v4', email: 'noc@example.net' }));
    await h.probe.settled();
    scope.done();

    expect(h.waits).toEqual([1000]);
    const result = await h.probe.run();
    expect(result.up).toBe(false);
    expect(result.error).toBe(
      `no completed SSL Labs assessment of ${HOST} yet; last attempt failed: SSL Labs API v4 does not know the email ` +
        '"noc@example.net" (441): email: Unauthorized email. Register the email using the register API.; register it ' +
        'once with POST https://api.ssllabs.com/api/v4/register (firstName, lastName, email, organization), then the ' +
        'probe retries at its next scheduled run',
    );
  });

  it('sends the email header on every v4 call', async () => {
    const scope = nock(API)
      .matchHeader('email', 'noc@example.net')
      .get(V4)
      .query(START)
      .reply(200, fixture('dns.json'))
      .get(V4)
      .query(POLL)
      .reply(200, fixture('in-progress.json'))
      .get(V4)
      .query(POLL)
      .reply(200, fixture('ready.json'));
    const h = track(harness({ api: 'v4', email: 'noc@example.net' }));
    await h.probe.settled();
    scope.done();
    expect(lines(await h.probe.run())).toEqual(READY_LINES(19));
  });

  it('asks for a cached report with from_cache and max_age instead of starting a new assessment', async () => {
    const scope = nock(API)
      .get('/custom/analyze')
      .query({ host: HOST, publish: 'on', fromCache: 'on', maxAge: '12', ignoreMismatch: 'on' })
      .reply(200, fixture('ready.json'));
    const h = track(
      harness({ from_cache: true, max_age: 12, publish: true, ignore_mismatch: true, base_url: `${API}/custom` }),
    );
    await h.probe.settled();
    scope.done();
    expect(h.waits).toEqual([1000]);
    expect((await h.probe.run()).up).toBe(true);
  });

  it('keeps the last good result when a later assessment fails, and says why', async () => {
    const first = fullAssessment();
    const h = track(harness());
    await h.probe.settled();
    first.done();

    h.clock.advance(DAY);
    const second = nock(API).get(V3).query(START).reply(200, fixture('host-error.json'));
    h.cron.fire();
    await h.probe.settled();
    second.done();

    const result = await h.probe.run();
    expect(result.up).toBe(true);
    expect(result.error).toBe(`last attempt failed: SSL Labs could not assess ${HOST}: Unable to resolve domain name`);
    expect(lines(result)).toEqual(READY_LINES(19 + 86_400));
  });

  it('stops polling when closed', async () => {
    const scope = nock(API).get(V3).query(START).reply(200, fixture('dns.json'));
    const h = harness({}, { blockFromMs: 5000 });
    await expect.poll(() => h.waits).toEqual([1000, 5000]);
    await h.probe.close();
    scope.done();
    expect(h.cron.stopped).toBe(true);
    expect((await h.probe.run()).measurements).toEqual([]);
  });

  describe('after a restart', () => {
    it('reports the saved grades before any API call', async () => {
      const store = new MemoryProbeStateStore();
      const clock = new ManualClock(T0);
      const scope = fullAssessment();
      const first = harness({}, { clock, store });
      await first.probe.settled();
      await first.probe.close();
      scope.done();

      clock.advance(3_600_000);
      const second = track(harness({}, { clock, store }));
      const result = await second.probe.run();
      await second.probe.settled();
      expect(second.waits).toEqual([]);
      expect(result.up).toBe(true);
      expect(lines(result)).toEqual(READY_LINES(19 + 3600));
    });

    it('counts a saved result older than two schedule periods as down, and assesses again at start', async () => {
      const store = new MemoryProbeStateStore();
      const clock = new ManualClock(T0);
      const scope = fullAssessment();
      const first = harness({}, { clock, store });
      await first.probe.settled();
      await first.probe.close();
      scope.done();

      clock.advance(2 * DAY + MIN);
      const second = track(harness({}, { clock, store, blockFromMs: 1000 }));
      const result = await second.probe.run();
      expect(result.up).toBe(false);
      expect(result.error).toBe('last assessment is 2d1m old (more than 2d)');
      expect(lines(result)[1]).toBe(`ssllabs_last_assessment_age_seconds ${19 + 2 * 86_400 + 60}`);
      await expect.poll(() => second.waits).toEqual([1000]);
    });
  });
});
