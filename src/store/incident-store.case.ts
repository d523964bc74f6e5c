import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  IncidentFilter,
  IncidentStore,
  NewIncident,
  NocErrorCode,
  OutboxStore,
  SilenceStore,
  UserStore,
} from '../core/index.js';

/** The incident-side stores of one backing database, as a contract run opens them. */
export interface IncidentStores {
  readonly incidents: IncidentStore;
  readonly silences: SilenceStore;
  readonly outbox: OutboxStore;
  readonly users: UserStore;
  close(): Promise<void>;
  /** Closes these stores and opens the same storage again: what was written must still be there. */
  reopen(): Promise<IncidentStores>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 2, 10, 12, 0, 0);

function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    title: 'sbc-1 down',
    description: 'SIP OPTIONS unanswered',
    severity: 'S2',
    channel: 'monitoring',
    registeredBy: 'alerter',
    affectedTargets: ['sbc-1'],
    affectedUsers: 1200,
    labels: { site: 'mad', role: 'sbc' },
    occurredAt: T0 - MINUTE,
    registeredAt: T0,
    attentionDue: T0 + 1.5 * HOUR,
    solutionDue: T0 + 4 * HOUR,
    ...overrides,
  };
}

async function expectNocError(promise: Promise<unknown>, code: NocErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'NocError', code });
}

/**
 * The behaviour every IncidentStore, SilenceStore, OutboxStore and UserStore implementation must show.
 * `open` must return stores over fresh, empty storage on every call.
 */
export function describeIncidentStoreContract(name: string, open: () => Promise<IncidentStores>): void {
  describe(`incident-side stores contract: ${name}`, () => {
    let stores: IncidentStores;
    beforeEach(async () => {
      stores = await open();
    });
    afterEach(async () => {
      await stores.close();
    });

    describe('tracking numbers', () => {
      const cases: { name: string; creates: [prefix: string, registeredAt: number][]; numbers: string[] }[] = [
        {
          name: 'are consecutive per prefix and year, six digits',
          creates: [
            ['NOC', T0],
            ['NOC', T0 + HOUR],
            ['NOC', T0 - HOUR],
          ],
          numbers: ['NOC-2025-000001', 'NOC-2025-000002', 'NOC-2025-000003'],
        },
        {
          name: 'start again at 000001 in a new year',
          creates: [
            ['NOC', Date.UTC(2025, 11, 31, 10)],
            ['NOC', Date.UTC(2026, 0, 1, 10)],
            ['NOC', Date.UTC(2025, 5, 1)],
            ['NOC', Date.UTC(2026, 5, 1)],
          ],
          numbers: ['NOC-2025-000001', 'NOC-2026-000001', 'NOC-2025-000002', 'NOC-2026-000002'],
        },
        {
          name: 'take the year in UTC',
          creates: [
            ['NOC', Date.UTC(2025, 11, 31, 23, 59, 59, 999)],
            ['NOC', Date.UTC(2026, 0, 1, 0, 0, 0, 0)],
          ],
          numbers: ['NOC-2025-000001', 'NOC-2026-000001'],
        },
        {
          name: 'are independent between prefixes',
          creates: [
            ['NOC', T0],
            ['OPS', T0],
            ['NOC', T0],
            ['OPS', T0],
          ],
          numbers: ['NOC-2025-000001', 'OPS-2025-000001', 'NOC-2025-000002', 'OPS-2025-000002'],
        },
      ];
      it.each(cases)('$name', async ({ creates, numbers }) => {
        const created: string[] = [];
        for (const [prefix, registeredAt] of creates) {
          created.push((await stores.incidents.create(newIncident({ registeredAt }), prefix)).number);
        }
        expect(created).toEqual(numbers);
      });

      it('match a per-(prefix, year) counter for any sequence of creates', async () => {
        let run = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), fc.constantFrom(2024, 2025, 2026)), { maxLength: 12 }),
            async (creates) => {
              run++;
              const model = new Map<string, number>();
              for (const [letter, year] of creates) {
                const prefix = `R${run}${letter}`;
                const next = (model.get(`${prefix}-${year}`) ?? 0) + 1;
                model.set(`${prefix}-${year}`, next);
                const registeredAt = Date.UTC(year, 6, 1);
                const incident = await stores.incidents.create(newIncident({ registeredAt }), prefix);
                expect(incident.number).toBe(`${prefix}-${year}-${String(next).padStart(6, '0')}`);
              }
            },
          ),
          { numRuns: 25 },
        );
      });

      it('are never reused: a number consumed by a rejected create is skipped', async () => {
        const first = await stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC');
        await expectNocError(stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC'), 'conflict');
        const third = await stores.incidents.create(newIncident({ fingerprint: 'rule-b|sbc-1' }), 'NOC');
        expect([first.number, third.number]).toEqual(['NOC-2025-000001', 'NOC-2025-000003']);
        expect(await stores.incidents.get('NOC-2025-000002')).toBeUndefined();
      });

      it('reject an empty prefix', async () => {
        await expectNocError(stores.incidents.create(newIncident(), ''), 'bad_request');
      });
    });

    describe('create and get', () => {
      it('registers with status registered, level L1, version 1, and round-trips every field', async () => {
        const input = newIncident({
          fingerprint: 'rule-a|sbc-1',
          customer: { name: 'Carrier X', email: 'noc@carrier.example', account: 'C-42' },
        });
        const created = await stores.incidents.create(input, 'NOC');
        expect(created).toEqual({ ...input, number: 'NOC-2025-000001', status: 'registered', level: 'L1', version: 1 });
        expect(await stores.incidents.get(created.number)).toEqual(created);
      });

      it('keeps a given support level', async () => {
        const created = await stores.incidents.create(newIncident({ level: 'L2' }), 'NOC');
        expect((await stores.incidents.get(created.number))?.level).toBe('L2');
      });

      it('leaves absent optional fields absent rather than null or undefined', async () => {
        const created = await stores.incidents.create(newIncident({ channel: 'phone' }), 'NOC');
        const read = await stores.incidents.get(created.number);
        for (const key of ['fingerprint', 'customer', 'acknowledgedAt', 'resolvedAt', 'closedAt', 'category']) {
          expect(Object.keys(created)).not.toContain(key);
          expect(Object.keys(read ?? {})).not.toContain(key);
        }
      });

      it('writes timeline entry 1, registered, by the registering actor', async () => {
        const created = await stores.incidents.create(newIncident({ registeredBy: 'operator-ana' }), 'NOC');
        const [entry, ...rest] = await stores.incidents.timeline(created.number);
        expect(rest).toEqual([]);
        expect(entry).toMatchObject({
          incident: created.number,
          seq: 1,
          at: T0,
          actor: 'operator-ana',
          action: 'registered',
        });
      });

      it('returns undefined for an unknown number', async () => {
        expect(await stores.incidents.get('NOC-2025-999999')).toBeUndefined();
      });
    });

    describe('update', () => {
      it('applies the patch, bumps the version and appends the change', async () => {
        const created = await stores.incidents.create(newIncident(), 'NOC');
        const change = { at: T0 + 5 * MINUTE, actor: 'ana', action: 'acknowledged', details: { note: 'on it' } };
        const updated = await stores.incidents.update(
          created.number,
          { status: 'diagnosing', acknowledgedAt: T0 + 5 * MINUTE, level: 'L2', affectedTargets: ['sbc-1', 'sbc-2'] },
          change,
        );
        expect(updated).toEqual({
          ...created,
          status: 'diagnosing',
          acknowledgedAt: T0 + 5 * MINUTE,
          level: 'L2',
          affectedTargets: ['sbc-1', 'sbc-2'],
          version: 2,
        });
        expect(await stores.incidents.get(created.number)).toEqual(updated);
        expect((await stores.incidents.timeline(created.number)).at(-1)).toEqual({
          incident: created.number,
          seq: 2,
          ...change,
        });
      });

      it('accepts the expected version and refuses a stale one with conflict, changing nothing', async () => {
        const created = await stores.incidents.create(newIncident(), 'NOC');
        const change = { at: T0 + MINUTE, actor: 'ana', action: 'escalated' };
        const updated = await stores.incidents.update(created.number, { level: 'L2' }, change, 1);
        await expectNocError(stores.incidents.update(created.number, { level: 'L3' }, change, 1), 'conflict');
        expect(await stores.incidents.get(created.number)).toEqual(updated);
        expect((await stores.incidents.timeline(created.number)).map((entry) => entry.seq)).toEqual([1, 2]);
      });

      it('clears optional fields patched with null and keeps absent ones', async () => {
        const created = await stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC');
        const resolved = await stores.incidents.update(
          created.number,
          { status: 'resolved', resolvedAt: T0 + HOUR, resolution: 'restarted' },
          { at: T0 + HOUR, actor: 'ana', action: 'resolved' },
        );
        expect(resolved).toMatchObject({ resolvedAt: T0 + HOUR, resolution: 'restarted' });
        const reopened = await stores.incidents.update(
          created.number,
          { status: 'diagnosing', resolvedAt: null, resolution: null },
          { at: T0 + 2 * HOUR, actor: 'ana', action: 'reopened' },
        );
        expect(reopened).toEqual({ ...created, status: 'diagnosing', version: 3 });
        expect(await stores.incidents.get(created.number)).toEqual(reopened);
      });

      it('refuses to reopen when another open incident has the same fingerprint', async () => {
        const first = await stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC');
        await stores.incidents.update(first.number, { status: 'resolved' }, { at: T0, actor: 'a', action: 'resolved' });
        await stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC');
        await expectNocError(
          stores.incidents.update(first.number, { status: 'diagnosing' }, { at: T0, actor: 'a', action: 'reopened' }),
          'conflict',
        );
        expect((await stores.incidents.get(first.number))?.status).toBe('resolved');
      });

      it('fails with not_found for an unknown number', async () => {
        await expectNocError(
          stores.incidents.update('NOC-2025-000404', { level: 'L2' }, { at: T0, actor: 'a', action: 'escalated' }),
          'not_found',
        );
      });
    });

    describe('list', () => {
      const close = { at: T0, actor: 'ana', action: 'closed' };
      async function seed(): Promise<void> {
        const d = await stores.incidents.create(
          newIncident({ title: 'd', severity: 'S1', fingerprint: 'fa', registeredAt: T0 + 3 * HOUR }),
          'NOC',
        );
        await stores.incidents.update(d.number, { status: 'closed', category: 'power' }, close);
        await stores.incidents.create(newIncident({ title: 'a', severity: 'S1', fingerprint: 'fa' }), 'NOC');
        const b = await stores.incidents.create(
          newIncident({ title: 'b', severity: 'S2', fingerprint: 'fb', registeredAt: T0 + HOUR }),
          'NOC',
        );
        await stores.incidents.update(b.number, { status: 'diagnosing' }, { ...close, action: 'acknowledged' });
        const c = await stores.incidents.create(
          newIncident({ title: 'c', severity: 'S3', registeredAt: T0 + 2 * HOUR, channel: 'email' }),
          'NOC',
        );
        await stores.incidents.update(c.number, { status: 'resolved' }, { ...close, action: 'resolved' });
      }
      const cases: { name: string; filter: IncidentFilter | undefined; titles: string[] }[] = [
        { name: 'everything, newest first', filter: undefined, titles: ['d', 'c', 'b', 'a'] },
        { name: 'an empty filter', filter: {}, titles: ['d', 'c', 'b', 'a'] },
        { name: 'one status', filter: { status: ['resolved'] }, titles: ['c'] },
        { name: 'any of several statuses', filter: { status: ['registered', 'diagnosing'] }, titles: ['b', 'a'] },
        { name: 'an empty status list', filter: { status: [] }, titles: ['d', 'c', 'b', 'a'] },
        { name: 'any of several severities', filter: { severity: ['S1', 'S3'] }, titles: ['d', 'c', 'a'] },
        { name: 'a registeredAt range, both ends included', filter: { from: T0 + HOUR, to: T0 + 2 * HOUR }, titles: ['c', 'b'] },
        { name: 'only from', filter: { from: T0 + 2 * HOUR }, titles: ['d', 'c'] },
        { name: 'only to', filter: { to: T0 }, titles: ['a'] },
        { name: 'a fingerprint, open or not', filter: { fingerprint: 'fa' }, titles: ['d', 'a'] },
        { name: 'a limit', filter: { limit: 2 }, titles: ['d', 'c'] },
        { name: 'combined filters', filter: { status: ['closed', 'registered'], severity: ['S1'], to: T0 }, titles: ['a'] },
        { name: 'nothing matching', filter: { fingerprint: 'nope' }, titles: [] },
      ];
      it.each(cases)('filters by $name', async ({ filter, titles }) => {
        await seed();
        expect((await stores.incidents.list(filter)).map((incident) => incident.title)).toEqual(titles);
      });

      it('breaks ties in registeredAt by registration order, newest first', async () => {
        for (const title of ['x', 'y', 'z']) await stores.incidents.create(newIncident({ title }), 'NOC');
        expect((await stores.incidents.list()).map((incident) => incident.title)).toEqual(['z', 'y', 'x']);
      });
    });

    describe('findOpenByFingerprint', () => {
      it.each(['resolved', 'closed'] as const)('finds registered and diagnosing incidents, not %s ones', async (end) => {
        const created = await stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC');
        expect(await stores.incidents.findOpenByFingerprint('rule-a|sbc-1')).toEqual(created);
        const diagnosing = await stores.incidents.update(
          created.number,
          { status: 'diagnosing' },
          { at: T0, actor: 'a', action: 'acknowledged' },
        );
        expect(await stores.incidents.findOpenByFingerprint('rule-a|sbc-1')).toEqual(diagnosing);
        await stores.incidents.update(created.number, { status: end }, { at: T0, actor: 'a', action: end });
        expect(await stores.incidents.findOpenByFingerprint('rule-a|sbc-1')).toBeUndefined();
        const again = await stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC');
        expect(await stores.incidents.findOpenByFingerprint('rule-a|sbc-1')).toEqual(again);
      });

      it('returns undefined for an unknown fingerprint', async () => {
        await stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC');
        expect(await stores.incidents.findOpenByFingerprint('rule-a|sbc-2')).toBeUndefined();
      });
    });

    describe('timeline', () => {
      it('appends in order without changing fields or version', async () => {
        const created = await stores.incidents.create(newIncident(), 'NOC');
        const first = await stores.incidents.appendTimeline(created.number, {
          at: T0 + MINUTE,
          actor: 'ana',
          action: 'comment',
          details: { text: 'customer called' },
        });
        const second = await stores.incidents.appendTimeline(created.number, {
          at: T0 + 2 * MINUTE,
          actor: 'luis',
          action: 'comment',
        });
        expect(first).toEqual({
          incident: created.number,
          seq: 2,
          at: T0 + MINUTE,
          actor: 'ana',
          action: 'comment',
          details: { text: 'customer called' },
        });
        expect(second).toMatchObject({ seq: 3, details: {} });
        const timeline = await stores.incidents.timeline(created.number);
        expect(timeline.map((entry) => [entry.seq, entry.action])).toEqual([
          [1, 'registered'],
          [2, 'comment'],
          [3, 'comment'],
        ]);
        expect(timeline.slice(1)).toEqual([first, second]);
        expect(await stores.incidents.get(created.number)).toEqual(created);
      });

      it('keeps timelines of different incidents apart', async () => {
        const a = await stores.incidents.create(newIncident(), 'NOC');
        const b = await stores.incidents.create(newIncident(), 'NOC');
        await stores.incidents.appendTimeline(a.number, { at: T0, actor: 'ana', action: 'comment' });
        expect((await stores.incidents.appendTimeline(b.number, { at: T0, actor: 'ana', action: 'comment' })).seq).toBe(2);
        expect(await stores.incidents.timeline(b.number)).toHaveLength(2);
      });

      it('fails with not_found for an unknown incident', async () => {
        await expectNocError(
          stores.incidents.appendTimeline('NOC-2025-000404', { at: T0, actor: 'ana', action: 'comment' }),
          'not_found',
        );
        await expectNocError(stores.incidents.timeline('NOC-2025-000404'), 'not_found');
      });
    });

    describe('silences', () => {
      const silence = {
        matchers: [
          { name: 'target', op: '=', value: 'sbc-1' },
          { name: 'site', op: '!=', value: 'bcn' },
          { name: 'alertname', op: '=~', value: 'Sip.*|Up' },
          { name: 'probe', op: '!~', value: 'tls' },
        ],
        startsAt: T0,
        endsAt: T0 + HOUR,
        createdBy: 'ana',
        comment: 'firmware upgrade',
      } as const;

      it('creates with a random UUID and round-trips the matchers', async () => {
        const created = await stores.silences.createSilence(silence);
        expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(created).toEqual({ id: created.id, ...silence });
        expect(await stores.silences.listSilences()).toEqual([created]);
        expect((await stores.silences.createSilence(silence)).id).not.toBe(created.id);
      });

      const activity: { at: number; active: boolean }[] = [
        { at: T0 - 1, active: false },
        { at: T0, active: true },
        { at: T0 + 10 * MINUTE - 1, active: true },
        { at: T0 + 10 * MINUTE, active: false },
        { at: T0 + HOUR - 1, active: false },
        { at: T0 + HOUR, active: false },
      ];
      it.each(activity)('lists only silences active at $at (expired at T0+10m)', async ({ at, active }) => {
        const expiring = await stores.silences.createSilence(silence);
        const running = await stores.silences.createSilence({ ...silence, comment: 'runs its course' });
        expect(await stores.silences.expireSilence(expiring.id, T0 + 10 * MINUTE)).toBe(true);
        const ids = (await stores.silences.listSilences(at)).map((s) => s.id);
        const expected = [
          ...(active ? [expiring.id] : []),
          ...(at >= T0 && at < T0 + HOUR ? [running.id] : []),
        ];
        expect(ids.sort()).toEqual(expected.sort());
      });

      it('expires once: false for an unknown, an expired or an ended silence', async () => {
        const created = await stores.silences.createSilence(silence);
        const ended = await stores.silences.createSilence(silence);
        expect(await stores.silences.expireSilence('00000000-0000-4000-8000-000000000000', T0)).toBe(false);
        expect(await stores.silences.expireSilence(created.id, T0 + MINUTE)).toBe(true);
        expect(await stores.silences.expireSilence(created.id, T0 + 2 * MINUTE)).toBe(false);
        expect(await stores.silences.expireSilence(ended.id, T0 + HOUR)).toBe(false);
        const all = await stores.silences.listSilences();
        expect(all.find((s) => s.id === created.id)).toEqual({ ...created, expiredAt: T0 + MINUTE });
        expect(Object.keys(all.find((s) => s.id === ended.id) ?? {})).not.toContain('expiredAt');
      });

      it('refuses a silence that ends before it starts', async () => {
        await expectNocError(stores.silences.createSilence({ ...silence, endsAt: T0 }), 'bad_request');
      });
    });

    describe('maintenance windows', () => {
      const window = {
        name: 'core upgrade',
        targets: ['core-1', 'core-2'],
        startsAt: T0,
        endsAt: T0 + 2 * HOUR,
        createdBy: 'ana',
        comment: 'CHG-1234',
      };

      it('creates with a random UUID and round-trips', async () => {
        const created = await stores.silences.createMaintenance(window);
        expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(created).toEqual({ id: created.id, ...window });
        expect(await stores.silences.listMaintenance()).toEqual([created]);
      });

      const ranges: { name: string; from: number; to: number; overlaps: boolean }[] = [
        { name: 'ending before it', from: T0 - 2 * HOUR, to: T0 - 1, overlaps: false },
        { name: 'ending at its start', from: T0 - HOUR, to: T0, overlaps: true },
        { name: 'inside it', from: T0 + 30 * MINUTE, to: T0 + HOUR, overlaps: true },
        { name: 'covering it', from: T0 - HOUR, to: T0 + 3 * HOUR, overlaps: true },
        { name: 'starting in its last ms', from: T0 + 2 * HOUR - 1, to: T0 + 3 * HOUR, overlaps: true },
        { name: 'starting at its (exclusive) end', from: T0 + 2 * HOUR, to: T0 + 3 * HOUR, overlaps: false },
      ];
      it.each(ranges)('lists it for a range $name: $overlaps', async ({ from, to, overlaps }) => {
        const created = await stores.silences.createMaintenance(window);
        const other = await stores.silences.createMaintenance({ ...window, startsAt: T0 + 5 * HOUR, endsAt: T0 + 6 * HOUR });
        const ids = (await stores.silences.listMaintenance({ from, to })).map((w) => w.id);
        expect(ids).toEqual(overlaps ? [created.id] : []);
        expect(ids).not.toContain(other.id);
      });

      it('cancels once and still lists the cancelled window', async () => {
        const created = await stores.silences.createMaintenance(window);
        expect(await stores.silences.cancelMaintenance('00000000-0000-4000-8000-000000000000', T0)).toBe(false);
        expect(await stores.silences.cancelMaintenance(created.id, T0 + HOUR)).toBe(true);
        expect(await stores.silences.cancelMaintenance(created.id, T0 + HOUR)).toBe(false);
        expect(await stores.silences.listMaintenance({ from: T0, to: T0 + HOUR })).toEqual([
          { ...created, cancelledAt: T0 + HOUR },
        ]);
      });

      it('refuses a window that ends before it starts', async () => {
        await expectNocError(stores.silences.createMaintenance({ ...window, endsAt: T0 - 1 }), 'bad_request');
      });
    });

    describe('outbox', () => {
      function message(key: string, createdAt = T0): Parameters<OutboxStore['enqueue']>[0] {
        return { channel: 'email-noc', idempotencyKey: key, payload: { incident: 'NOC-2025-000001', key }, createdAt };
      }

      it('enqueues a pending message due at once, idempotently on its key', async () => {
        const first = await stores.outbox.enqueue(message('k1'));
        expect(first).toEqual({
          id: first.id,
          channel: 'email-noc',
          idempotencyKey: 'k1',
          payload: { incident: 'NOC-2025-000001', key: 'k1' },
          createdAt: T0,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: T0,
        });
        const again = await stores.outbox.enqueue({ ...message('k1', T0 + 5), payload: { other: true } });
        expect(again).toEqual(first);
        expect(await stores.outbox.list()).toEqual([first]);
      });

      it('claims due messages oldest first, up to the limit, and leases them', async () => {
        const m1 = await stores.outbox.enqueue(message('m1', T0));
        const m2 = await stores.outbox.enqueue(message('m2', T0 + 10));
        const m3 = await stores.outbox.enqueue(message('m3', T0 + 20));
        const m4 = await stores.outbox.enqueue(message('m4', T0 + 1000));
        const now = T0 + 100;
        const lease = 30_000;
        const claimed = await stores.outbox.claimDue(now, 2, lease);
        expect(claimed).toEqual([
          { ...m1, nextAttemptAt: now + lease },
          { ...m2, nextAttemptAt: now + lease },
        ]);
        expect((await stores.outbox.claimDue(now, 10, lease)).map((m) => m.id)).toEqual([m3.id]);
        expect(await stores.outbox.claimDue(now, 10, lease)).toEqual([]);
        expect(await stores.outbox.claimDue(now + lease - 1, 10, lease)).toEqual([
          { ...m4, nextAttemptAt: now + 2 * lease - 1 },
        ]);
        expect((await stores.outbox.claimDue(now + lease, 10, lease)).map((m) => m.id)).toEqual([m1.id, m2.id, m3.id]);
        expect(await stores.outbox.claimDue(now + lease, 0, lease)).toEqual([]);
      });

      it('marks sent: counted, never claimed again', async () => {
        const m = await stores.outbox.enqueue(message('m'));
        await stores.outbox.claimDue(T0, 1, 1000);
        await stores.outbox.markSent(m.id, T0 + 50);
        expect(await stores.outbox.list()).toEqual([
          { ...m, status: 'sent', attempts: 1, sentAt: T0 + 50, nextAttemptAt: T0 + 1000 },
        ]);
        expect(await stores.outbox.claimDue(T0 + HOUR, 10, 1000)).toEqual([]);
        await expectNocError(stores.outbox.markFailed(m.id, 'late failure', T0 + HOUR), 'conflict');
      });

      it('reschedules a failed attempt to retryAt and counts it', async () => {
        const m = await stores.outbox.enqueue(message('m'));
        await stores.outbox.claimDue(T0, 1, 1000);
        await stores.outbox.markFailed(m.id, 'smtp 451', T0 + 5 * MINUTE);
        await stores.outbox.markFailed(m.id, 'smtp 452', T0 + 10 * MINUTE);
        const expected = { ...m, attempts: 2, lastError: 'smtp 452', nextAttemptAt: T0 + 10 * MINUTE };
        expect(await stores.outbox.list()).toEqual([expected]);
        expect(await stores.outbox.claimDue(T0 + 10 * MINUTE - 1, 10, 1000)).toEqual([]);
        expect(await stores.outbox.claimDue(T0 + 10 * MINUTE, 10, 1000)).toEqual([
          { ...expected, nextAttemptAt: T0 + 10 * MINUTE + 1000 },
        ]);
      });

      it('dead-letters a failed attempt without retryAt', async () => {
        const m = await stores.outbox.enqueue(message('m'));
        await stores.outbox.markFailed(m.id, 'webhook 400');
        const dead = { ...m, status: 'dead', attempts: 1, lastError: 'webhook 400' };
        expect(await stores.outbox.list({ status: 'dead' })).toEqual([dead]);
        expect(await stores.outbox.claimDue(T0 + HOUR, 10, 1000)).toEqual([]);
      });

      it('fails with not_found for an unknown message', async () => {
        await expectNocError(stores.outbox.markSent(404, T0), 'not_found');
        await expectNocError(stores.outbox.markFailed(404, 'x'), 'not_found');
      });

      it('lists newest first, by status, up to a limit', async () => {
        const a = await stores.outbox.enqueue(message('a'));
        const b = await stores.outbox.enqueue(message('b'));
        const c = await stores.outbox.enqueue(message('c'));
        await stores.outbox.markSent(b.id, T0);
        const ids = async (filter?: Parameters<OutboxStore['list']>[0]): Promise<number[]> =>
          (await stores.outbox.list(filter)).map((m) => m.id);
        expect(await ids()).toEqual([c.id, b.id, a.id]);
        expect(await ids({ status: 'pending' })).toEqual([c.id, a.id]);
        expect(await ids({ status: 'sent' })).toEqual([b.id]);
        expect(await ids({ status: 'dead' })).toEqual([]);
        expect(await ids({ status: 'pending', limit: 1 })).toEqual([c.id]);
        expect(await ids({ limit: 2 })).toEqual([c.id, b.id]);
      });
    });

    describe('users and sessions', () => {
      const ana = { username: 'ana', passwordHash: 'scrypt$1', role: 'operator', disabled: false } as const;

      it('upserts, gets and lists users by name', async () => {
        const zoe = { username: 'zoe', passwordHash: 'scrypt$2', role: 'viewer', disabled: true } as const;
        await stores.users.upsertUser(zoe);
        await stores.users.upsertUser(ana);
        expect(await stores.users.getUser('ana')).toEqual(ana);
        expect(await stores.users.getUser('nobody')).toBeUndefined();
        await stores.users.upsertUser({ ...ana, role: 'admin', passwordHash: 'scrypt$3', disabled: true });
        expect(await stores.users.listUsers()).toEqual([
          { ...ana, role: 'admin', passwordHash: 'scrypt$3', disabled: true },
          zoe,
        ]);
      });

      const lookups: { now: number; found: boolean }[] = [
        { now: T0, found: true },
        { now: T0 + HOUR - 1, found: true },
        { now: T0 + HOUR, found: false },
        { now: T0 + 2 * HOUR, found: false },
      ];
      it.each(lookups)('gets a session at $now only before it expires: $found', async ({ now, found }) => {
        const session = { tokenHash: 'h1', username: 'ana', createdAt: T0, expiresAt: T0 + HOUR };
        await stores.users.createSession(session);
        expect(await stores.users.getSession('h1', now)).toEqual(found ? session : undefined);
      });

      it('deletes sessions and refuses a duplicate token', async () => {
        const session = { tokenHash: 'h1', username: 'ana', createdAt: T0, expiresAt: T0 + HOUR };
        await stores.users.createSession(session);
        await expectNocError(stores.users.createSession(session), 'conflict');
        await stores.users.deleteSession('h1');
        await stores.users.deleteSession('h1');
        expect(await stores.users.getSession('h1', T0)).toBeUndefined();
      });

      it('purges sessions expired at now and counts them', async () => {
        for (const [tokenHash, expiresAt] of [
          ['a', T0 - 1],
          ['b', T0],
          ['c', T0 + 1],
        ] as const) {
          await stores.users.createSession({ tokenHash, username: 'ana', createdAt: T0 - HOUR, expiresAt });
        }
        expect(await stores.users.purgeExpiredSessions(T0)).toBe(2);
        expect(await stores.users.purgeExpiredSessions(T0)).toBe(0);
        expect(await stores.users.getSession('c', T0)).toMatchObject({ tokenHash: 'c' });
      });
    });

    describe('durability', () => {
      it('keeps everything across close and reopen, and numbering goes on', async () => {
        const incident = await stores.incidents.create(newIncident({ fingerprint: 'rule-a|sbc-1' }), 'NOC');
        const updated = await stores.incidents.update(
          incident.number,
          { status: 'diagnosing', acknowledgedAt: T0 + MINUTE },
          { at: T0 + MINUTE, actor: 'ana', action: 'acknowledged' },
        );
        await stores.incidents.appendTimeline(incident.number, { at: T0 + 2 * MINUTE, actor: 'ana', action: 'comment' });
        const timeline = await stores.incidents.timeline(incident.number);
        const silence = await stores.silences.createSilence({
          matchers: [{ name: 'target', op: '=', value: 'sbc-1' }],
          startsAt: T0,
          endsAt: T0 + HOUR,
          createdBy: 'ana',
          comment: '',
        });
        const window = await stores.silences.createMaintenance({
          name: 'w',
          targets: ['core-1'],
          startsAt: T0,
          endsAt: T0 + HOUR,
          createdBy: 'ana',
          comment: '',
        });
        const outbox = await stores.outbox.enqueue({ channel: 'c', idempotencyKey: 'k', payload: {}, createdAt: T0 });
        const user = { username: 'ana', passwordHash: 'h', role: 'admin', disabled: false } as const;
        await stores.users.upsertUser(user);
        const session = { tokenHash: 't', username: 'ana', createdAt: T0, expiresAt: T0 + HOUR };
        await stores.users.createSession(session);

        stores = await stores.reopen();

        expect(await stores.incidents.get(incident.number)).toEqual(updated);
        expect(await stores.incidents.findOpenByFingerprint('rule-a|sbc-1')).toEqual(updated);
        expect(await stores.incidents.timeline(incident.number)).toEqual(timeline);
        expect((await stores.incidents.create(newIncident(), 'NOC')).number).toBe('NOC-2025-000002');
        expect(await stores.silences.listSilences(T0)).toEqual([silence]);
        expect(await stores.silences.listMaintenance()).toEqual([window]);
        expect(await stores.outbox.enqueue({ ...outbox, payload: { other: 1 } })).toEqual(outbox);
        expect(await stores.users.getUser('ana')).toEqual(user);
        expect(await stores.users.getSession('t', T0)).toEqual(session);
      });
    });
  });
}
