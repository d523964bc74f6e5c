import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Incident, type Logger, ManualClock, silentLogger } from '../src/core/index.js';
import { IncidentsConfig, SlaConfig } from '../src/config/index.js';
import { EscalationPolicy } from '../src/config/schema/escalation.js';
import { IncidentService, type ManualIncidentInput } from '../src/alerter/index.js';
import { type Escalation, ESCALATION_ACTOR, type EscalationIncidents, EscalationTicker } from '../src/alerter/escalation/escalation-ticker.js';
import { openSqliteDatabase, type SqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 26, 14, 0); // Thursday; SLA clocks 24x7 (S2: attention 1h30m, solution 4h)

interface LogLine {
  readonly level: string;
  readonly obj: object;
  readonly msg?: string | undefined;
}

function recordingLogger(lines: LogLine[]): Logger {
  const at =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push(typeof obj === 'string' ? { level, obj: {}, msg: obj } : { level, obj, msg });
    };
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

let db: SqliteDatabase;
let clock: ManualClock;
let service: IncidentService;
let lines: LogLine[];
let policy: EscalationPolicy;

beforeEach(() => {
  db = openSqliteDatabase(':memory:');
  clock = new ManualClock(T0);
  const settings = { sla: SlaConfig.parse({}), incidents: IncidentsConfig.parse({}), targets: [] };
  service = new IncidentService(new SqliteIncidentStore(db), () => settings, clock, silentLogger);
  lines = [];
  policy = EscalationPolicy.parse({});
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
});

function ticker(overrides: { incidents?: EscalationIncidents; policyFor?: (incident: Incident) => EscalationPolicy; onEscalated?: (e: Escalation) => void } = {}) {
  return new EscalationTicker({
    incidents: overrides.incidents ?? service,
    policyFor: overrides.policyFor ?? (() => policy),
    clock,
    log: recordingLogger(lines),
    ...(overrides.onEscalated === undefined ? {} : { onEscalated: overrides.onEscalated }),
  });
}

function register(overrides: Partial<ManualIncidentInput> = {}): Promise<Incident> {
  return service.register({ channel: 'phone', registeredBy: 'ana', title: 'calls to Bogotá fail', severity: 'S2', ...overrides });
}

async function escalations(number: string) {
  return (await service.timeline(number))
    .filter((entry) => entry.action === 'escalated')
    .map(({ at, actor, details }) => ({ at, actor, details }));
}

describe('EscalationTicker', () => {
  it('raises an unattended incident to L2 at the attention deadline and to L3 at the solution deadline', async () => {
    const incident = await register();
    const escalator = ticker();
    expect(await escalator.tick()).toEqual([]);
    clock.set(incident.attentionDue - 1);
    expect(await escalator.tick()).toEqual([]);

    clock.set(incident.attentionDue);
    const [first] = await escalator.tick();
    expect(first).toMatchObject({ from: 'L1', due: { level: 'L2' }, incident: { number: incident.number, level: 'L2' } });
    expect(await escalator.tick()).toEqual([]); // nothing twice

    clock.set(incident.solutionDue);
    await escalator.tick();
    expect((await service.get(incident.number)).level).toBe('L3');
    expect(await escalations(incident.number)).toEqual([
      {
        at: incident.attentionDue,
        actor: ESCALATION_ACTOR,
        details: { from: 'L1', to: 'L2', reason: 'not acknowledged by the attention deadline 2026-11-26T15:30Z' },
      },
      {
        at: incident.solutionDue,
        actor: ESCALATION_ACTOR,
        details: { from: 'L2', to: 'L3', reason: 'not resolved by the solution deadline 2026-11-26T18:00Z' },
      },
    ]);
    clock.advance(HOUR);
    expect(await escalator.tick()).toEqual([]);
  });

  it('goes straight to the due level, in one entry, when it looks late', async () => {
    const incident = await register();
    clock.set(incident.solutionDue + MINUTE);
    await ticker().tick();
    expect(await escalations(incident.number)).toEqual([
      { at: clock.now(), actor: ESCALATION_ACTOR, details: { from: 'L1', to: 'L3', reason: 'not resolved by the solution deadline 2026-11-26T18:00Z' } },
    ]);
  });

  it('sends an S1 incident to L2 at once and leaves an acknowledged one alone until the solution deadline', async () => {
    const s1 = await register({ severity: 'S1' });
    const acked = await register();
    await service.acknowledge(acked.number, { actor: 'luis' });
    const escalator = ticker();
    const done = await escalator.tick();
    expect(done.map((e) => [e.incident.number, e.due.level, e.due.reason])).toEqual([[s1.number, 'L2', 'severity S1 goes to L2 at once']]);

    clock.set(acked.attentionDue + MINUTE);
    await escalator.tick();
    expect(await escalations(acked.number)).toEqual([]);
  });

  it('uses the policy its route gives each incident, read on every tick', async () => {
    const quick = await register({ labels: { team: 'core' } });
    const slow = await register();
    policy = EscalationPolicy.parse({ L1: { ack_timeout: '15m' } });
    const relaxed = EscalationPolicy.parse({ enabled: false });
    const escalator = ticker({ policyFor: (incident) => (incident.labels.team === 'core' ? policy : relaxed) });
    clock.set(T0 + 15 * MINUTE);
    await escalator.tick();
    expect((await escalations(quick.number)).map((e) => e.details.reason)).toEqual(['not acknowledged within 15m (L1 ack_timeout)']);
    expect(await escalations(slow.number)).toEqual([]);

    policy = EscalationPolicy.parse({ L1: { ack_timeout: '15m' }, L2: { ack_timeout: '20m' } });
    clock.set(T0 + 20 * MINUTE);
    await escalator.tick();
    expect((await service.get(quick.number)).level).toBe('L3');
  });

  it('leaves resolved and closed incidents alone', async () => {
    const resolved = await register();
    await service.resolve(resolved.number, { actor: 'luis', resolution: 'rerouted' });
    const closed = await register();
    await service.resolve(closed.number, { actor: 'luis', resolution: 'rerouted' });
    await service.close(closed.number, { actor: 'luis', category: 'carrier' });
    clock.set(T0 + 10 * HOUR);
    expect(await ticker().tick()).toEqual([]);
    expect(await escalations(resolved.number)).toEqual([]);
    expect(await escalations(closed.number)).toEqual([]);
  });

  it('logs and skips an incident an operator escalated meanwhile, and carries on with the rest', async () => {
    const raced = await register();
    const other = await register();
    // The operator acts between the ticker's read and its write.
    const racing: EscalationIncidents = {
      list: (filter) => service.list(filter),
      escalate: async (number, input, at) => {
        if (number === raced.number) await service.escalate(number, { actor: 'luis', reason: 'customer is a carrier' }, at);
        return service.escalate(number, input, at);
      },
    };
    clock.set(raced.attentionDue);
    const done = await ticker({ incidents: racing }).tick();

    expect(done.map((e) => e.incident.number)).toEqual([other.number]);
    expect(await escalations(raced.number)).toEqual([{ at: raced.attentionDue, actor: 'luis', details: { from: 'L1', to: 'L2', reason: 'customer is a carrier' } }]);
    expect(lines).toContainEqual({ level: 'info', obj: expect.objectContaining({ incident: raced.number }), msg: 'incident changed meanwhile; escalation skipped' });
    // The next tick decides on the fresh incident: it is already where it belongs.
    expect(await ticker().tick()).toEqual([]);
  });

  it('does not escalate on a stale read: an acknowledgement in between wins', async () => {
    const incident = await register();
    const racing: EscalationIncidents = {
      list: (filter) => service.list(filter),
      escalate: async (number, input, at) => {
        await service.acknowledge(number, { actor: 'luis' }, at);
        return service.escalate(number, input, at);
      },
    };
    clock.set(incident.attentionDue);
    expect(await ticker({ incidents: racing }).tick()).toEqual([]);
    expect(await escalations(incident.number)).toEqual([]);
    expect(await service.get(incident.number)).toMatchObject({ level: 'L1', status: 'diagnosing' });
  });

  it('logs a failing policy lookup or listener as an error and goes on', async () => {
    const broken = await register({ labels: { team: 'broken' } });
    const fine = await register();
    const seen: string[] = [];
    const escalator = ticker({
      policyFor: (incident) => {
        if (incident.labels.team === 'broken') throw new Error('no route');
        return policy;
      },
      onEscalated: (escalation) => {
        seen.push(escalation.incident.number);
        throw new Error('pager down');
      },
    });
    clock.set(fine.attentionDue);
    const done = await escalator.tick();
    expect(done.map((e) => e.incident.number)).toEqual([fine.number]);
    expect(seen).toEqual([fine.number]);
    expect((await service.get(broken.number)).level).toBe('L1');
    expect(lines.filter((line) => line.level === 'error').map((line) => line.msg).sort()).toEqual(['escalation failed', 'escalation listener failed']);
  });

  it('ticks on its interval once started, and not after stop', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const incident = await register({ severity: 'S1' });
    const escalator = ticker();
    escalator.start();
    expect((await service.get(incident.number)).level).toBe('L1');
    await vi.advanceTimersByTimeAsync(15_000);
    await escalator.stop();
    expect((await service.get(incident.number)).level).toBe('L2');

    const later = await register({ severity: 'S1' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await service.get(later.number)).level).toBe('L1');
  });
});
