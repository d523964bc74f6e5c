import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { type PostgresTestServer, startPostgresServer } from '../../../test/peers/postgres-server.js';
import { isNocError, type NewIncident } from '../../core/index.js';
import { openPgDatabase, type PgDatabase } from './pg-database.js';
import { PG_MIGRATIONS, type PgMigration } from './pg-migrations.js';
import { PgIncidentStore } from './pg-incident-store.js';
import { PgOutboxStore } from './pg-outbox-store.js';

const BIN = '/usr/lib/postgresql/15/bin';
const available = peerBinary(`${BIN}/postgres`, 'PostgreSQL 15 server: apt-get install postgresql-15') !== undefined;
const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);

describe.skipIf(!available)('PostgreSQL stores shared by several processes', () => {
  let server: PostgresTestServer;
  const open: PgDatabase[] = [];

  beforeAll(async () => {
    server = await startPostgresServer(BIN);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(open.splice(0).map((db) => db.close()));
    await server?.destroy();
  });

  /** Each pool has its own sessions, as a separate process would. */
  async function processes(url: string, count: number, migrations?: readonly PgMigration[]): Promise<PgDatabase[]> {
    const dbs = await Promise.all(
      Array.from({ length: count }, () => openPgDatabase(url, { maxConnections: 3, ...(migrations ? { migrations } : {}) })),
    );
    open.push(...dbs);
    return dbs;
  }

  it('migrates once when four processes open a new database at the same moment', async () => {
    const url = await server.createDatabase();
    // A slow first step keeps the first migrator inside its transaction while the others arrive.
    const slow: PgMigration[] = [
      { ...(PG_MIGRATIONS[0] as PgMigration), sql: `SELECT pg_sleep(0.3); ${(PG_MIGRATIONS[0] as PgMigration).sql}` },
      ...PG_MIGRATIONS.slice(1),
    ];
    const [first] = await processes(url, 4, slow);
    const { rows } = await (first as PgDatabase).query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual([1, 2]);
  });

  it('hands each due message to exactly one of two processes claiming at once', async () => {
    const url = await server.createDatabase();
    const [a, b] = (await processes(url, 2)).map((db) => new PgOutboxStore(db)) as [PgOutboxStore, PgOutboxStore];
    const total = 120;
    for (let i = 0; i < total; i++) {
      await a.enqueue({ channel: 'email', idempotencyKey: `k${i}`, payload: { i }, createdAt: T0 + i });
    }
    const claimed: number[] = [];
    for (let round = 0; round < total; round++) {
      const batches = await Promise.all([a.claimDue(T0 + total, 5, 60_000), b.claimDue(T0 + total, 5, 60_000), a.claimDue(T0 + total, 5, 60_000)]);
      const ids = batches.flat().map((message) => message.id);
      if (ids.length === 0) break;
      claimed.push(...ids);
    }
    expect(claimed).toHaveLength(total);
    expect(new Set(claimed).size).toBe(total);
    expect((await a.counts()).pending).toBe(total);
    expect(await b.claimDue(T0 + total, 10, 60_000)).toEqual([]);
    // Once the lease runs out, every message is due again for whichever process asks first.
    expect(await b.claimDue(T0 + total + 60_000, total + 1, 60_000)).toHaveLength(total);
  });

  it('numbers concurrent creates without gaps or repeats and opens one incident per fingerprint', async () => {
    const url = await server.createDatabase();
    const [a, b] = (await processes(url, 2)).map((db) => new PgIncidentStore(db)) as [PgIncidentStore, PgIncidentStore];
    const incident = (fingerprint: string): NewIncident => ({
      title: 'sbc-1 down',
      description: 'SIP OPTIONS unanswered',
      severity: 'S2',
      channel: 'monitoring',
      registeredBy: 'alerter',
      affectedTargets: ['sbc-1'],
      affectedUsers: 10,
      labels: {},
      occurredAt: T0,
      registeredAt: T0,
      attentionDue: T0 + 5_400_000,
      solutionDue: T0 + 14_400_000,
      fingerprint,
    });
    const distinct = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).create(incident(`rule|t${i}`), 'NOC')));
    expect(distinct.map((created) => created.number).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `NOC-2026-${String(i + 1).padStart(6, '0')}`),
    );
    const racing = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).create(incident('rule|same'), 'NOC')));
    expect(racing.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refusals = racing.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refusals.every((outcome) => isNocError(outcome.reason, 'conflict'))).toBe(true);
    // Numbers handed to the refused creates are spent: the next one is the 27th.
    expect((await a.create(incident('rule|after'), 'NOC')).number).toBe('NOC-2026-000027');
  });

  it('serialises concurrent updates of one incident: the stale writer gets conflict, timeline seqs stay unique', async () => {
    const url = await server.createDatabase();
    const [a, b] = (await processes(url, 2)).map((db) => new PgIncidentStore(db)) as [PgIncidentStore, PgIncidentStore];
    const created = await a.create(
      { title: 't', description: 'd', severity: 'S3', channel: 'web', registeredBy: 'ana', affectedTargets: [], affectedUsers: 0, labels: {}, occurredAt: T0, registeredAt: T0, attentionDue: T0 + 1, solutionDue: T0 + 2 },
      'NOC',
    );
    const outcomes = await Promise.allSettled([
      a.update(created.number, { level: 'L2' }, { at: T0 + 1, actor: 'ana', action: 'escalated' }, 1),
      b.update(created.number, { level: 'L3' }, { at: T0 + 1, actor: 'bob', action: 'escalated' }, 1),
      ...Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).appendTimeline(created.number, { at: T0 + 2, actor: 'c', action: 'comment' })),
    ]);
    const updates = outcomes.slice(0, 2);
    expect(updates.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(updates.some((outcome) => outcome.status === 'rejected' && isNocError(outcome.reason, 'conflict'))).toBe(true);
    const seqs = (await a.timeline(created.number)).map((entry) => entry.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await b.get(created.number))?.version).toBe(2);
  });
});
