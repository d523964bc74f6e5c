import { Gauge } from 'prom-client';
import { AlwaysLeaderLease, LeadershipGate } from '../../alerter/leadership/index.js';
import type { LeaderLease } from '../../core/index.js';
import { PgLeaderLease } from '../../store/postgres/pg-leader-lease.js';
import { type AlerterParts, startAlerterParts } from './alerter-parts.js';
import type { NocContext } from './noc-context.js';

/** The alerter behind its lease, and what it tells about its leadership. */
export interface AlerterLeadership {
  readonly gate: LeadershipGate<AlerterParts>;
  /** Whether several processes compete for the alerter (shared PostgreSQL incident store). */
  readonly shared: boolean;
}

/**
 * The alerter's lease: a PostgreSQL advisory lock when the incidents are shared there (two alerters run
 * active/passive), else always won (nothing to share an embedded database with).
 */
function leaseFor(context: NocContext, retryMs: number | undefined): LeaderLease {
  const incidents = context.config().incidents;
  if (incidents.kind === 'postgres' && incidents.url !== undefined) {
    return new PgLeaderLease({ url: incidents.url, log: context.log.child({ component: 'lease' }), ...(retryMs === undefined ? {} : { retryMs }) });
  }
  return new AlwaysLeaderLease(retryMs);
}

/**
 * Puts the alerter behind its lease: it runs only while this process holds it, restored from the shared
 * stores at each win and stopped at once on a loss. Leadership is `noc_alerter_leader` on /metrics.
 */
export function alerterLeadership(context: NocContext, options: { leaseRetryMs?: number } = {}): AlerterLeadership {
  const lease = leaseFor(context, options.leaseRetryMs);
  const gate: LeadershipGate<AlerterParts> = new LeadershipGate({
    lease,
    start: () => startAlerterParts(context),
    log: context.log.child({ component: 'leadership' }),
  });
  new Gauge({
    name: 'noc_alerter_leader',
    help: 'Whether the alerter runs in this process (1: it holds the lease) or stands by (0).',
    registers: [context.metrics.registry],
    collect() {
      this.set(gate.leading() ? 1 : 0);
    },
  });
  return { gate, shared: !(lease instanceof AlwaysLeaderLease) };
}
