import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SslLabsProbe } from '../src/collector/probes/ssllabs.js';
import type { Sleep } from '../src/collector/probes/ssllabs/sleep.js';
import { SslLabsProbeConfig } from '../src/config/schema/probes/ssllabs.js';
import { type CronScheduler, ManualClock, silentLogger, type ProbeStateStore } from '../src/core/index.js';
import { openSqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteProbeStateStore } from '../src/store/sqlite/sqlite-probe-state-store.js';

const API = 'https://api.ssllabs.com';
const HOST = 'portal.example.net';
const T0 = Date.UTC(2025, 0, 15, 4, 19, 44);
const fixtures = new URL('../src/collector/probes/ssllabs/fixtures/', import.meta.url);

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown>;
}

const idleCron: CronScheduler = { start: () => ({ periodMs: 86_400_000, stop: () => undefined }) };

function probeOn(store: ProbeStateStore, clock: ManualClock, waits: number[]): SslLabsProbe {
  const sleep: Sleep = async (ms, signal) => {
    signal.throwIfAborted();
    waits.push(ms);
    clock.advance(ms);
  };
  return new SslLabsProbe(
    SslLabsProbeConfig.parse({ kind: 'ssllabs', host: HOST, start_delay: '1s' }),
    { clock, log: silentLogger, state: store, key: 'web-1/ssllabs' },
    { sleep, scheduler: idleCron, random: () => 0.5 },
  );
}

function grades(measurements: readonly { metric: string; labels?: Readonly<Record<string, string>>; value: number }[]): string[] {
  return measurements
    .filter((m) => m.metric === 'ssllabs_grade_info' || m.metric === 'ssllabs_grade_score')
    .map((m) => [m.metric, ...Object.values(m.labels ?? {}), m.value].join(' '));
}

describe('SSL Labs probe across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'noc-ssllabs-restart-'));

  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new probe on the same database file reports the saved grades before any API call', async () => {
    const path = join(dir, 'noc.db');
    const clock = new ManualClock(T0);
    const scope = nock(API)
      .get('/api/v3/analyze')
      .query({ host: HOST, publish: 'off', startNew: 'on' })
      .reply(200, fixture('ready.json'));

    const firstDb = openSqliteDatabase(path);
    const first = probeOn(new SqliteProbeStateStore(firstDb, clock), clock, []);
    await first.settled();
    await first.close();
    firstDb.close();
    scope.done();

    clock.advance(3_600_000);
    let requests = 0;
    const count = (): void => void requests++;
    nock.emitter.on('no match', count);
    const secondDb = openSqliteDatabase(path);
    const waits: number[] = [];
    const second = probeOn(new SqliteProbeStateStore(secondDb, clock), clock, waits);
    const result = await second.run();
    await second.settled();
    await second.close();
    secondDb.close();
    nock.emitter.removeListener('no match', count);

    expect(requests).toBe(0);
    expect(waits).toEqual([]);
    expect(result.up).toBe(true);
    expect(result.error).toBeUndefined();
    expect(grades(result.measurements)).toEqual([
      'ssllabs_grade_score 203.0.113.10 100',
      'ssllabs_grade_info 203.0.113.10 A+ A+ 1',
      'ssllabs_grade_score 203.0.113.11 0',
      'ssllabs_grade_info 203.0.113.11 T B 1',
    ]);
    expect(result.measurements.find((m) => m.metric === 'ssllabs_last_assessment_age_seconds')?.value).toBe(3604);
  });
});
