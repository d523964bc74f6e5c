import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Config, loadConfigText } from '../src/config/index.js';
import { ManualClock, MemoryAlertStateStore, seriesKey, silentLogger } from '../src/core/index.js';
import { MemorySeriesStore } from '../src/core/memory-series-store.js';
import { IncidentBridge, IncidentService, RuleEngine } from '../src/alerter/index.js';
import { openSqliteDatabase, type SqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';

const CONFIG = `
store: {kind: sqlite, path: unused.db}
rules:
  - {name: target_down, kind: threshold, select: up, op: '==', value: 0, severity: S2}
`;
const T0 = Date.UTC(2026, 10, 26, 3, 0, 0);
const STEP = 15_000;

let db: SqliteDatabase;
let config: Config;
let series: MemorySeriesStore;
let incidents: IncidentService;
let engine: RuleEngine;
let bridge: IncidentBridge;
let at: number;

async function evaluate(values: readonly number[]): Promise<void> {
  for (const v of values) {
    at += STEP;
    await series.append([{ series: seriesKey('up', { target: 'sbc-pe-1', probe: 'sip' }), t: at, v }]);
    await bridge.handle(await engine.evaluate(config.rules, at));
  }
}

beforeEach(async () => {
  const loaded = loadConfigText(CONFIG);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  config = loaded.config;
  db = openSqliteDatabase(':memory:');
  series = new MemorySeriesStore();
  incidents = new IncidentService(new SqliteIncidentStore(db), () => config, new ManualClock(T0), silentLogger);
  engine = new RuleEngine({ querier: series, appender: series, states: new MemoryAlertStateStore(), log: silentLogger });
  bridge = new IncidentBridge({ incidents, alerts: engine, log: silentLogger });
  at = T0;
});

afterEach(() => db.close());

describe('a flapping target', () => {
  it('keeps one incident open while it flaps, noted once when flapping starts and once when it stops, and recovers once', async () => {
    await evaluate([1, 1, 1]);
    await evaluate(Array.from({ length: 20 }, (_, i) => i % 2)); // down, up, down, up…
    await evaluate(Array.from({ length: 25 }, () => 0)); // settles down: the flapping stops while firing
    await evaluate([1, 1]);

    const all = await incidents.list({});
    expect(all.map((incident) => incident.status)).toEqual(['resolved']);
    const actions = (await incidents.timeline(all[0]?.number as string)).map((entry) => entry.action);
    // Before flapping was detected each flip was news (resolved, reopened a few times); then silence.
    const flips = actions.filter((action) => action === 'reopened' || action === 'resolved' || action === 'alert_left');
    expect(actions.filter((action) => action === 'alert_flapping')).toHaveLength(1);
    expect(actions.filter((action) => action === 'alert_stopped_flapping')).toHaveLength(1);
    const flappingAt = actions.indexOf('alert_flapping');
    const stoppedAt = actions.indexOf('alert_stopped_flapping');
    // While it flapped, nothing; when it stopped, still down, it is confirmed in the incident once.
    expect(actions.slice(flappingAt + 1, stoppedAt)).toEqual(['alert_joined']);
    expect(actions.slice(stoppedAt + 1)).toEqual(['alert_left', 'resolved']);
    expect(flips.length).toBeLessThan(20);
  });

  it('leaves its incident once when the flapping stops with the target up', async () => {
    await evaluate([1, 1, 1]);
    await evaluate(Array.from({ length: 20 }, (_, i) => i % 2));
    await evaluate(Array.from({ length: 25 }, () => 1));
    const [incident] = await incidents.list({});
    const actions = (await incidents.timeline(incident?.number as string)).map((entry) => entry.action);
    const afterFlapping = actions.slice(actions.indexOf('alert_flapping'));
    expect(afterFlapping).toEqual(['alert_flapping', 'alert_stopped_flapping', 'alert_left', 'resolved']);
    expect(incident?.status).toBe('resolved');
  });
});
