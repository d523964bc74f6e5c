// Holds the alerter lease in a process of its own, so a test can kill that process (SIGKILL) while it leads.
// argv: URL KEY RETRY_MS. Prints "acquired" and "lost: <reason>" lines.
import { silentLogger } from '../../src/core/index.js';
import { PgLeaderLease } from '../../src/store/postgres/pg-leader-lease.js';

const [url, key, retryMs] = process.argv.slice(2);
const lease = new PgLeaderLease({ url: url as string, key: BigInt(key as string), retryMs: Number(retryMs), log: silentLogger, applicationName: 'lease-child' });
lease.start((change) => console.log(change.kind === 'acquired' ? 'acquired' : `lost: ${change.reason}`));
// The lease's timers do not hold the process open: this does, until the test kills it.
setInterval(() => undefined, 60_000);
