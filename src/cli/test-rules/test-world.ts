import { IncidentBridge, IncidentService, RuleEngine } from '../../alerter/index.js';
import { type Logger, ManualClock, MemoryAlertStateStore } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { openSqliteDatabase } from '../../store/sqlite/database.js';
import { SqliteIncidentStore } from '../../store/sqlite/sqlite-incident-store.js';
import { ErrorRecorder } from './error-recorder.js';
import type { RuleSet } from './rule-test-suite.js';

/** Everything one test runs against: its own series, alert states and incidents, on a clock it moves. */
export interface TestWorld {
  readonly clock: ManualClock;
  readonly store: MemorySeriesStore;
  readonly engine: RuleEngine;
  readonly incidents: IncidentService;
  readonly bridge: IncidentBridge;
  /** Errors the engine and the incident side logged instead of throwing. */
  readonly errors: ErrorRecorder;
  /** Releases the incident database. */
  close(): void;
}

/**
 * The rule engine of a test, built as `noc start` builds it (on in-memory stores): with the rule files'
 * targets as dependencies, so tests see alerts held and joined as the running alerter does.
 */
export function createTestEngine(store: MemorySeriesStore, ruleSet: RuleSet, log: Logger): RuleEngine {
  const { targets, incidents } = ruleSet.settings;
  return new RuleEngine({
    querier: store,
    appender: store,
    states: new MemoryAlertStateStore(),
    log,
    dependencies: () => ({ targets, holdEvaluations: incidents.dependency_hold }),
  });
}

/**
 * A fresh world per test, so no test sees another's alerts or incidents. Incidents go to the same SQLite
 * store as in production (in memory), so tracking numbers, reopening and recovery behave as they do there.
 */
export async function createTestWorld(ruleSet: RuleSet, start: number): Promise<TestWorld> {
  const clock = new ManualClock(start);
  const errors = new ErrorRecorder();
  const store = new MemorySeriesStore();
  const engine = createTestEngine(store, ruleSet, errors);
  await engine.restore();
  const database = openSqliteDatabase(':memory:');
  const incidents = new IncidentService(new SqliteIncidentStore(database), () => ruleSet.settings, clock, errors);
  const bridge = new IncidentBridge({ incidents, alerts: engine, log: errors });
  return { clock, store, engine, incidents, bridge, errors, close: () => database.close() };
}
