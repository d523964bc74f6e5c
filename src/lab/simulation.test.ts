import { describe, expect, it } from 'vitest';
import { FaultBoard } from './faults.js';
import { LabSimulation } from './simulation.js';
import { LAB_NODES } from './topology.js';
import { dailyLoad, seededRandom } from './traffic-curve.js';

const START = Date.UTC(2026, 10, 26, 15, 0, 0); // 09:00-12:00 across the lab's sites: busy hours
const MINUTE = 60_000;

function lab(): { simulation: LabSimulation; faults: FaultBoard } {
  const faults = new FaultBoard(LAB_NODES);
  return { simulation: new LabSimulation(LAB_NODES, faults, START, seededRandom(7)), faults };
}

/** Per-second rate of a counter between two reads. */
function rate(simulation: LabSimulation, id: string, stat: string, from: number, to: number): number {
  const before = simulation.kamailioStats(id, from)[stat] as number;
  const after = simulation.kamailioStats(id, to)[stat] as number;
  return (after - before) / ((to - from) / 1000);
}

describe('dailyLoad', () => {
  it('is quiet at night and peaks in the late morning, local time', () => {
    const at = (utcHour: number) => Date.UTC(2026, 10, 26, utcHour);
    // Mexico City (UTC-6): 04:00 local is 10:00 UTC, 11:00 local is 17:00 UTC.
    expect(dailyLoad(at(10), -6)).toBeLessThan(0.15);
    expect(dailyLoad(at(17), -6)).toBeGreaterThan(0.95);
    expect(dailyLoad(at(17), -6)).toBeLessThanOrEqual(1);
  });
});

describe('LabSimulation', () => {
  it('counts calls as monotonic counters that follow the load', () => {
    const { simulation } = lab();
    const first = simulation.kamailioStats('sbc-mx-1', START + MINUTE);
    const second = simulation.kamailioStats('sbc-mx-1', START + 2 * MINUTE);
    for (const key of Object.keys(first).filter((name) => name.startsWith('tmx.') && name.endsWith('xx_transactions'))) {
      expect(second[key], key).toBeGreaterThanOrEqual(first[key] as number);
    }
    expect(second['tmx.2xx_transactions']).toBeGreaterThan(first['tmx.2xx_transactions'] as number);
    expect(second['dialog.active_dialogs']).toBeGreaterThan(100);
  });

  it('under a DDoS raises blocked sources and received requests and lowers completed calls', () => {
    const calm = lab().simulation;
    const attacked = lab();
    attacked.faults.inject('sbc-co-1', 'ddos', START + 10 * MINUTE);
    const from = START + 12 * MINUTE;
    const to = START + 15 * MINUTE;
    // Reads go forward in time: counters integrate up to the latest read.
    const completedCalm = rate(calm, 'sbc-co-1', 'tmx.2xx_transactions', from, to);
    const completedAttacked = rate(attacked.simulation, 'sbc-co-1', 'tmx.2xx_transactions', from, to);
    expect(completedAttacked).toBeLessThan(completedCalm * 0.7);
    const later = to + MINUTE;
    expect(rate(attacked.simulation, 'sbc-co-1', 'core.rcv_requests', to, later)).toBeGreaterThan(10 * rate(calm, 'sbc-co-1', 'core.rcv_requests', to, later));
    expect(attacked.simulation.kamailioStats('sbc-co-1', later)['pike.blocked_ips']).toBeGreaterThan(50);
    expect(calm.kamailioStats('sbc-co-1', later)['pike.blocked_ips']).toBeLessThanOrEqual(1);
    expect(attacked.simulation.conditions('sbc-co-1', to).sipDelayMs).toBeGreaterThan(calm.conditions('sbc-co-1', to).sipDelayMs + 100);
    // The other SBCs do not notice.
    expect(attacked.simulation.kamailioStats('sbc-mx-1', to)['pike.blocked_ips']).toBeLessThanOrEqual(1);
  });

  it('moves the calls of a dead core to the other one (active-active)', () => {
    const { simulation, faults } = lab();
    const before = START + 5 * MINUTE;
    const core2Before = simulation.kamailioStats('core-2', before)['dialog.active_dialogs'] as number;
    faults.inject('core-1', 'down', START + 6 * MINUTE);
    const after = START + 7 * MINUTE;
    expect(simulation.conditions('core-1', after).reachable).toBe(false);
    const core2After = simulation.kamailioStats('core-2', after)['dialog.active_dialogs'] as number;
    expect(core2After).toBeGreaterThan(core2Before * 1.5);
    // The SBCs keep completing calls through their backup core.
    expect(rate(simulation, 'sbc-cl-1', 'tmx.2xx_transactions', after, after + MINUTE)).toBeGreaterThan(1);
  });

  it('fails calls with 5xx when both cores are down', () => {
    const { simulation, faults } = lab();
    faults.inject('core-1', 'down', START);
    faults.inject('core-2', 'down', START);
    const from = START + MINUTE;
    const to = START + 3 * MINUTE;
    expect(rate(simulation, 'sbc-pe-1', 'tmx.5xx_transactions', from, to)).toBeGreaterThan(1);
    expect(simulation.kamailioStats('sbc-pe-1', to)['dialog.active_dialogs']).toBe(0);
  });

  it('grows replica lag by a second per second while replay is stopped, and reports backups on the primary', () => {
    const { simulation, faults } = lab();
    expect(simulation.databaseMetrics('db-2', START).replicationLagSeconds).toBeLessThan(1);
    faults.inject('db-2', 'lag', START + MINUTE);
    const lag = simulation.databaseMetrics('db-2', START + 3 * MINUTE).replicationLagSeconds ?? 0;
    expect(lag).toBeGreaterThan(119);
    expect(lag).toBeLessThan(122);
    const primary = simulation.databaseMetrics('db-1', START);
    expect(primary.replicationLagSeconds).toBeUndefined();
    // 15:00 UTC: the 12:00 backup finished at 12:04.
    expect(primary.lastBackupAgeSeconds).toBe(2 * 3600 + 56 * 60);
  });

  it('flaps 20 s down, 20 s up', () => {
    const { simulation, faults } = lab();
    faults.inject('sbc-cr-1', 'flap', START);
    expect(simulation.conditions('sbc-cr-1', START + 5_000).reachable).toBe(false);
    expect(simulation.conditions('sbc-cr-1', START + 25_000).reachable).toBe(true);
    expect(simulation.conditions('sbc-cr-1', START + 45_000).reachable).toBe(false);
  });

  it('slows database queries under the slow fault', () => {
    const normal = lab().simulation.databaseMetrics('db-1', START).querySeconds;
    const { simulation, faults } = lab();
    faults.inject('db-1', 'slow', START);
    expect(simulation.databaseMetrics('db-1', START).querySeconds).toBeGreaterThan(normal * 10);
  });
});
