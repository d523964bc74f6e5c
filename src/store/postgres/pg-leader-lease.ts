import { createHash } from 'node:crypto';
import pg from 'pg';
import type { LeaderLease, LeaseChange, Logger } from '../../core/index.js';

/** How often a standby tries for the lease and a leader proves its session alive. */
export const DEFAULT_LEASE_RETRY_MS = 5_000;

/** A stable signed 64-bit advisory-lock key for a name: the first 8 bytes of its SHA-1. */
export function leaseKey(name: string): bigint {
  return createHash('sha1').update(name, 'utf8').digest().readBigInt64BE(0);
}

/** The key of the alerter's lease: the same in every version and process, so all alerters of a database compete. */
export const ALERTER_LEASE_KEY = leaseKey('noc-platform/alerter');

/** Where and how the lease is held. */
export interface PgLeaderLeaseOptions {
  /** `postgres://` URL of the shared database. */
  readonly url: string;
  readonly log: Logger;
  readonly key?: bigint;
  /** Attempt and check interval (default 5 s: a standby takes over within about that of the leader's death). */
  readonly retryMs?: number;
  /** Shown in `pg_stat_activity.application_name`, so an operator can find the leader's session. */
  readonly applicationName?: string;
}

/**
 * Leader election on a PostgreSQL session-level advisory lock held on a dedicated connection. The lock
 * lives exactly as long as that session: a leader that dies, or whose connection is closed or terminated,
 * releases it, and the next standby attempt (every `retryMs`) wins. The leader checks its session at the same
 * pace and reports the lease lost at the first sign the connection is gone, then sits out one attempt, so a
 * standby wins rather than the process whose connection just failed.
 */
export class PgLeaderLease implements LeaderLease {
  private readonly key: string;
  private readonly retryMs: number;
  private client: pg.Client | undefined;
  private holding = false;
  private stopped = true;
  private pauseNext = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private onChange: ((change: LeaseChange) => void) | undefined;
  private lastProblem: string | undefined;

  constructor(private readonly options: PgLeaderLeaseOptions) {
    this.key = (options.key ?? ALERTER_LEASE_KEY).toString();
    this.retryMs = options.retryMs ?? DEFAULT_LEASE_RETRY_MS;
  }

  start(onChange: (change: LeaseChange) => void): void {
    this.onChange = onChange;
    this.stopped = false;
    this.running = this.attempt();
  }

  held(): boolean {
    return this.holding;
  }

  async resign(): Promise<void> {
    // Closing the session releases the lock; the next attempt is skipped so another process can win it.
    this.pauseNext = true;
    await this.close(this.client, 'resigned');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.onChange = undefined;
    clearTimeout(this.timer);
    await this.running;
    await this.close(this.client, 'stopped');
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    if (this.pauseNext) {
      this.pauseNext = false;
    } else {
      try {
        const client = this.client ?? (await this.connect());
        if (this.holding) {
          await client.query('SELECT 1');
        } else {
          const result = await client.query<{ won: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS won', [this.key]);
          if (result.rows[0]?.won === true && this.client === client && !this.stopped) {
            this.holding = true;
            this.lastProblem = undefined;
            this.options.log.info({ key: this.key }, 'alerter lease acquired');
            this.onChange?.({ kind: 'acquired' });
          }
        }
      } catch (error) {
        await this.close(this.client, `lease connection failed: ${(error as Error).message}`);
      }
    }
    if (this.stopped) return;
    // A leader checks its session twice as often as a standby tries, so that after a silent network failure it
    // steps down (≈ retry interval) well before the server frees the lock for a standby (≈ 11 s, below).
    this.timer = setTimeout(
      () => {
        this.running = this.attempt();
      },
      this.holding ? Math.ceil(this.retryMs / 2) : this.retryMs,
    );
    this.timer.unref();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? 'noc alerter lease',
      connectionTimeoutMillis: this.retryMs,
      query_timeout: Math.max(1000, Math.ceil(this.retryMs / 2)),
      keepAlive: true,
      keepAliveInitialDelayMillis: this.retryMs,
      // The server ends the session of a leader whose host vanished without closing its socket after
      // about 5 + 3 × 2 s, releasing the lock for a standby well within the takeover goal; tcp_user_timeout
      // bounds the same when the server's last answer was never acknowledged (keepalives do not apply then).
      options: '-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3 -c tcp_user_timeout=11000',
    });
    client.on('error', (error) => void this.close(client, `lease connection lost: ${error.message}`));
    client.on('end', () => void this.close(client, 'lease connection closed'));
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.client = undefined;
      throw error;
    }
    return client;
  }

  /** Drops `client` if it is still the current one; a lease held on it is lost at once. */
  private async close(client: pg.Client | undefined, reason: string): Promise<void> {
    if (client === undefined || client !== this.client) return;
    this.client = undefined;
    const wasHolding = this.holding;
    this.holding = false;
    if (wasHolding) {
      // A standby gets the next turn, and this process's stopping parts a head start on whoever wins.
      this.pauseNext = true;
      this.options.log.warn({ key: this.key, reason }, 'alerter lease lost');
      this.onChange?.({ kind: 'lost', reason });
    } else if (reason !== this.lastProblem && !this.stopped) {
      this.options.log.warn({ reason }, 'alerter lease: cannot reach the database, retrying');
    }
    this.lastProblem = reason;
    await client.end().catch(() => undefined);
  }
}
