// Child process of the notification crash test: opens the outbox in a real SQLite file, optionally enqueues
// `count` incident notifications, and delivers them with the DeliveryWorker through a minimal webhook
// notifier (POST JSON to the receiver). It exits with 0 once nothing is pending, unless killed before.
// argv: <db path> <receiver url> <count to enqueue, 0 for none> <concurrency> <send timeout ms>
import { DeliveryError, type Notifier, type OutgoingMessage } from '../../src/alerter/notifiers/notification.js';
import { DeliveryWorker } from '../../src/alerter/outbox/delivery-worker.js';
import { outboxEntry } from '../../src/alerter/outbox/outbox-entry.js';
import { silentLogger, systemClock } from '../../src/core/index.js';
import { openSqliteDatabase } from '../../src/store/sqlite/database.js';
import { SqliteOutboxStore } from '../../src/store/sqlite/sqlite-outbox-store.js';

const [path, url, countArg, concurrencyArg, sendTimeoutArg] = process.argv.slice(2);
if (path === undefined || url === undefined) throw new Error('usage: outbox-delivery-child DB URL COUNT CONCURRENCY SEND_TIMEOUT_MS');
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const sendTimeout = Number(sendTimeoutArg);

const db = openSqliteDatabase(path);
const outbox = new SqliteOutboxStore(db);

/** Just enough of a webhook: the key in a header, the message as the body, 2xx is success. */
const webhook: Notifier = {
  async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
      body: JSON.stringify(message),
      signal,
    });
    await response.arrayBuffer();
    if (!response.ok) throw new DeliveryError(`receiver answered ${response.status}`, response.status >= 500);
  },
};

for (let i = 0; i < count; i++) {
  const message: OutgoingMessage = {
    idempotencyKey: `crash-${String(i).padStart(3, '0')}`,
    notification: { type: 'heartbeat', at: systemClock.now() },
  };
  await outbox.enqueue(outboxEntry('webhook-noc', message, systemClock.now()));
}

const worker = new DeliveryWorker({
  outbox,
  notifierFor: (channel) => (channel === 'webhook-noc' ? webhook : undefined),
  clock: systemClock,
  log: silentLogger,
  settings: () => ({
    poll_interval: 100,
    concurrency,
    send_timeout: sendTimeout,
    max_age: 3_600_000,
    retry: { initial: 100, factor: 2, max: 1_000 },
  }),
});
worker.start();
process.stdout.write('started\n');

for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const counts = await outbox.counts();
  if (counts.pending === 0) break;
}
await worker.stop();
const stats = await worker.stats.snapshot();
db.close();
process.stdout.write(`${JSON.stringify(stats)}\n`);
