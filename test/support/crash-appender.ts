// Child process of the crash test: appends deterministic poll batches forever, printing the number of
// each batch whose append() resolved, until the parent kills it with SIGKILL.
import { ManualClock } from '../../src/core/index.js';
import { SqliteSeriesStore } from '../../src/store/sqlite/sqlite-series-store.js';
import { crashBatch, CRASH_T0, CRASH_STEP } from './crash-batches.js';

const path = process.argv[2] as string;
const clock = new ManualClock(CRASH_T0);
const store = SqliteSeriesStore.open({
  path,
  hotWindow: 3_600_000,
  retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 },
  clock,
  background: false,
});

for (let batch = 0; ; batch++) {
  clock.set(CRASH_T0 + batch * CRASH_STEP);
  await store.append(crashBatch(batch));
  process.stdout.write(`${batch}\n`);
  // Let queued sealing run between polls, as it does in the real process.
  await new Promise((resolve) => setImmediate(resolve));
  if (batch % 7 === 0) store.maintain(clock.now());
}
