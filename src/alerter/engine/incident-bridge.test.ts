import { describe, expect, it } from 'vitest';
import { silentLogger, type Labels } from '../../core/index.js';
import type { MonitoringIncidentInput } from '../incidents/incident-inputs.js';
import type { MuteSnapshot } from '../silences/muting.js';
import { IncidentBridge, renderTemplate } from './incident-bridge.js';
import type { ActiveAlert, AlertEvent } from './rule-engine.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

function event(change: AlertEvent['change'], target: string, extra: { [K in keyof AlertEvent]?: AlertEvent[K] | undefined } = {}): AlertEvent {
  const built = {
    at: T0,
    rule: 'target_down',
    severity: 'S2',
    fingerprint: `fp-${target}`,
    group: `target_down{site="mx"}`,
    groupLabels: { site: 'mx' },
    labels: { alertname: 'target_down', target, site: 'mx' },
    annotations: { summary: '{{ $labels.target }} is down ({{ $value }})' },
    change,
    activeSince: T0 - 30_000,
    value: 0,
    incident: `target_down{site="mx"}`,
    flapping: false,
    ...extra,
  };
  // An explicit undefined (a held alert) drops the field, as the engine leaves it out.
  return Object.fromEntries(Object.entries(built).filter(([, value]) => value !== undefined)) as unknown as AlertEvent;
}

function recorder(): { calls: string[]; inputs: MonitoringIncidentInput[]; incidents: ConstructorParameters<typeof IncidentBridge>[0]['incidents'] } {
  const calls: string[] = [];
  const inputs: MonitoringIncidentInput[] = [];
  return {
    calls,
    inputs,
    incidents: {
      openOrJoin: async (input) => {
        inputs.push(input);
        calls.push(`open ${input.fingerprint} ${input.alertLabels.target}`);
      },
      alertLeft: async (fingerprint: string, labels: Labels) => calls.push(`left ${fingerprint} ${labels.target}`),
      recovered: async (fingerprint: string) => calls.push(`recovered ${fingerprint}`),
      alertFlapping: async (fingerprint: string, labels: Labels, flapping: boolean) => calls.push(`${flapping ? 'flapping' : 'stopped flapping'} ${fingerprint} ${labels.target}`),
    },
  };
}

describe('IncidentBridge', () => {
  it('opens the group incident for a firing alert with the rendered summary and the time the condition began', async () => {
    const { calls, inputs, incidents } = recorder();
    await new IncidentBridge({ incidents, alerts: { active: () => [] }, log: silentLogger }).handle([event('pending', 'sbc-1'), event('firing', 'sbc-1')]);
    expect(calls).toEqual(['open target_down{site="mx"} sbc-1']);
    expect(inputs[0]).toMatchObject({ title: 'sbc-1 is down (0)', severity: 'S2', labels: { site: 'mx' }, affectedTargets: ['sbc-1'], occurredAt: T0 - 30_000 });
  });

  it('recovers the incident only when the last firing alert of its group resolved', async () => {
    const { calls, incidents } = recorder();
    let active: ActiveAlert[] = [
      { rule: 'target_down', fingerprint: 'fp-sbc-2', group: 'target_down{site="mx"}', incident: 'target_down{site="mx"}', labels: {}, status: 'firing', since: T0, flapping: false },
    ];
    const bridge = new IncidentBridge({ incidents, alerts: { active: () => active }, log: silentLogger });
    await bridge.handle([event('resolved', 'sbc-1')]);
    active = [];
    await bridge.handle([event('resolved', 'sbc-2')]);
    expect(calls).toEqual(['left target_down{site="mx"} sbc-1', 'left target_down{site="mx"} sbc-2', 'recovered target_down{site="mx"}']);
  });

  it('opens nothing for a muted alert', async () => {
    const { calls, incidents } = recorder();
    const snapshot: MuteSnapshot = { at: T0, check: (labels) => ({ muted: labels.target === 'sbc-1', silencedBy: ['s1'], maintenance: [] }) };
    const bridge = new IncidentBridge({ incidents, alerts: { active: () => [] }, mute: async () => snapshot, log: silentLogger });
    await bridge.handle([event('firing', 'sbc-1'), event('firing', 'sbc-2')]);
    expect(calls).toEqual(['open target_down{site="mx"} sbc-2']);
  });

  it('passes the rule interruption on, so the severity matrix can raise the severity for the users affected', async () => {
    const { inputs, incidents } = recorder();
    await new IncidentBridge({ incidents, alerts: { active: () => [] }, log: silentLogger }).handle([event('firing', 'sbc-1', { interruption: 'total' })]);
    expect(inputs[0]?.interruption).toBe('total');
  });

  it('joins the incident the alert was routed to, noting what explains it, and waits while it is held', async () => {
    const { calls, inputs, incidents } = recorder();
    const core = { alertname: 'cores_down', pair: 'core-1+core-2' };
    const bridge = new IncidentBridge({ incidents, alerts: { active: () => [] }, log: silentLogger });
    await bridge.handle([
      event('firing', 'sbc-1', { incident: undefined, heldBy: 'core-1+core-2 down, no alert of it firing yet' }),
      event('assigned', 'sbc-1', { incident: 'cores_down{pair="core-1+core-2"}', inhibitedBy: core }),
    ]);
    expect(calls).toEqual(['open cores_down{pair="core-1+core-2"} sbc-1']);
    expect(inputs[0]?.inhibitedBy).toEqual(core);
  });

  it('mutes an alert whose explaining alert is muted', async () => {
    const { calls, incidents } = recorder();
    const snapshot: MuteSnapshot = { at: T0, check: (labels) => ({ muted: labels.target === 'core-1', silencedBy: [], maintenance: ['upgrade'] }) };
    const bridge = new IncidentBridge({ incidents, alerts: { active: () => [] }, mute: async () => snapshot, log: silentLogger });
    await bridge.handle([event('firing', 'sbc-1', { incident: 'target_down{target="core-1"}', inhibitedBy: { alertname: 'target_down', target: 'core-1' } })]);
    expect(calls).toEqual([]);
  });

  it('titles an incident without a summary by its rule and the labels that tell it apart', async () => {
    const { inputs, incidents } = recorder();
    const bridge = new IncidentBridge({ incidents, alerts: { active: () => [] }, log: silentLogger });
    const pair = { alertname: 'cores_down', pair: 'core-1+core-2' };
    await bridge.handle([
      event('firing', 'sbc-1', { annotations: {} }),
      event('firing', 'x', { rule: 'cores_down', annotations: {}, groupLabels: { target: '' }, labels: pair }),
    ]);
    expect(inputs.map((input) => input.title)).toEqual(['target_down site=mx', 'cores_down pair=core-1+core-2']);
  });

  it('reports a flapping alert once when it starts and once when it stops, and its flips not at all', async () => {
    const { calls, incidents } = recorder();
    const bridge = new IncidentBridge({ incidents, alerts: { active: () => [] }, log: silentLogger });
    await bridge.handle([event('resolved', 'sbc-1', { flapping: true, flip: true }), event('flap_started', 'sbc-1', { flapping: true })]);
    await bridge.handle([event('firing', 'sbc-1', { flapping: true, flip: true })]);
    await bridge.handle([event('resolved', 'sbc-1', { flapping: true, flip: true })]);
    await bridge.handle([event('flap_stopped', 'sbc-1')]);
    const group = 'target_down{site="mx"}';
    expect(calls).toEqual([`flapping ${group} sbc-1`, `stopped flapping ${group} sbc-1`, `left ${group} sbc-1`, `recovered ${group}`]);
  });

  it('renders only label and value placeholders', () => {
    expect(renderTemplate('{{$labels.site}}/{{ $labels.nope }}/{{ $value }}/{{ constructor }}', { site: 'mx' }, 0.1234567)).toBe('mx//0.123457/{{ constructor }}');
  });
});
