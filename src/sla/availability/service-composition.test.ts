import { describe, expect, it } from 'vitest';
import { NocError } from '../../core/index.js';
import { ServiceConfig } from '../../config/index.js';
import { figuresOf } from './availability-figures.js';
import { composeServices, requiredUp, type ComposedService, type ServiceTarget } from './service-composition.js';
import type { StateTimeline } from './state-timeline.js';
import { timeline, utc, written } from './testing/timeline-fixtures.js';

const DAY = { from: utc('2026-04-01T00:00'), to: utc('2026-04-02T00:00') };
const d = (time: string): string => `2026-04-01T${time}`;
const END = '2026-04-02T00:00';

/** A target that is up all day except while down over [from, to). */
function downBetween(from: string, to: string): StateTimeline {
  return timeline(d('00:00'), 'up', d(from), 'down', d(to), 'up', END);
}

const TARGETS: ServiceTarget[] = [
  { id: 'core-1', role: 'core', site: 'mx' },
  { id: 'core-2', role: 'core', site: 'mx' },
  { id: 'sbc-cl-1', role: 'sbc', site: 'cl' },
  { id: 'sbc-mx-1', role: 'sbc', site: 'mx' },
  { id: 'sbc-mx-2', role: 'sbc', site: 'mx' },
  { id: 'sbc-mx-3', role: 'sbc', site: 'mx' },
];

function compose(services: unknown[], timelines: Record<string, StateTimeline>): Map<string, ComposedService> {
  const parsed = services.map((service) => ServiceConfig.parse(service));
  const composed = composeServices(parsed, TARGETS, (id) => timelines[id] ?? timeline(d('00:00'), 'up', END), DAY);
  return new Map(composed.map((result) => [result.service.name, result]));
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

function downSeconds(result: ComposedService | undefined): number {
  return figuresOf(result?.timeline ?? [], 99.99).figures.downSeconds;
}

describe('composeServices', () => {
  // sbc-mx-1 down 10:00–10:20, sbc-mx-2 down 10:15–10:40: both down for exactly 5 minutes.
  const overlapping = { 'sbc-mx-1': downBetween('10:00', '10:20'), 'sbc-mx-2': downBetween('10:15', '10:40') };

  it('any of two SBCs is down only while both are: 5 minutes', () => {
    const any = compose([{ name: 'sbcs', require: 'any', members: ['sbc-mx-1', 'sbc-mx-2'] }], overlapping).get('sbcs');
    expect(written(any?.timeline ?? [])).toEqual([d('00:00'), 'up', d('10:15'), 'down', d('10:20'), 'up', END]);
    expect(downSeconds(any)).toBe(300);
  });

  it('all of two SBCs is down while either is: 40 minutes in one outage', () => {
    const all = compose([{ name: 'sbcs', members: ['sbc-mx-1', 'sbc-mx-2'] }], overlapping).get('sbcs');
    expect(written(all?.timeline ?? [])).toEqual([d('00:00'), 'up', d('10:00'), 'down', d('10:40'), 'up', END]);
    expect(figuresOf(all?.timeline ?? [], 99.99).figures).toMatchObject({ downSeconds: 2400, outages: 1 });
  });

  it('2 of 3 is down while two members are down at once: two outages of 10 minutes', () => {
    const timelines = { 'sbc-mx-1': downBetween('10:00', '10:30'), 'sbc-mx-2': downBetween('10:20', '10:50'), 'sbc-mx-3': downBetween('10:40', '11:00') };
    const twoOfThree = compose([{ name: 'sbcs', require: 2, members: [{ role: 'sbc', site: 'mx' }] }], timelines).get('sbcs');
    expect(twoOfThree?.members).toEqual(['sbc-mx-1', 'sbc-mx-2', 'sbc-mx-3']);
    expect(written(twoOfThree?.timeline ?? [])).toEqual([d('00:00'), 'up', d('10:20'), 'down', d('10:30'), 'up', d('10:40'), 'down', d('10:50'), 'up', END]);
    expect(figuresOf(twoOfThree?.timeline ?? [], 99.99).figures).toMatchObject({ downSeconds: 1200, outages: 2, mttrSeconds: 600 });
  });

  it('composes nested services: sip-mx = all of [cores (any of core-1, core-2), every SBC of mx]', () => {
    const timelines = {
      'core-1': downBetween('02:00', '03:00'),
      'core-2': downBetween('02:30', '02:45'), // both cores down 02:30–02:45
      'sbc-mx-1': downBetween('05:00', '05:10'),
      'sbc-cl-1': downBetween('08:00', '09:00'), // another site: must not count
    };
    const services = compose(
      [
        { name: 'sip-mx', members: ['cores', { role: 'sbc', site: 'mx' }] },
        { name: 'cores', require: 'any', members: ['core-1', 'core-2'] },
      ],
      timelines,
    );
    expect([...services.keys()]).toEqual(['sip-mx', 'cores']);
    const sip = services.get('sip-mx');
    expect(sip?.members).toEqual(['cores', 'sbc-mx-1', 'sbc-mx-2', 'sbc-mx-3']);
    expect(written(sip?.timeline ?? [])).toEqual([d('00:00'), 'up', d('02:30'), 'down', d('02:45'), 'up', d('05:00'), 'down', d('05:10'), 'up', END]);
    expect(downSeconds(sip)).toBe(1500);
    expect(downSeconds(services.get('cores'))).toBe(900);
  });

  it('is in maintenance only while a member in maintenance leaves it undecided', () => {
    const timelines = {
      'sbc-mx-1': timeline(d('00:00'), 'up', d('10:00'), 'maintenance', d('11:00'), 'up', END),
      'sbc-mx-2': downBetween('10:30', '10:45'),
    };
    const services = compose(
      [
        { name: 'any', require: 'any', members: ['sbc-mx-1', 'sbc-mx-2'] },
        { name: 'all', require: 'all', members: ['sbc-mx-1', 'sbc-mx-2'] },
      ],
      timelines,
    );
    expect(written(services.get('any')?.timeline ?? [])).toEqual([d('00:00'), 'up', d('10:30'), 'maintenance', d('10:45'), 'up', END]);
    expect(written(services.get('all')?.timeline ?? [])).toEqual([
      d('00:00'), 'up', d('10:00'), 'maintenance', d('10:30'), 'down', d('10:45'), 'maintenance', d('11:00'), 'up', END,
    ]);
  });

  it('counts a member listed twice once', () => {
    const service = compose([{ name: 'sbcs', require: 2, members: ['sbc-mx-1', { role: 'sbc', site: 'mx' }] }], { 'sbc-mx-1': downBetween('10:00', '11:00') }).get('sbcs');
    expect(service?.members).toEqual(['sbc-mx-1', 'sbc-mx-2', 'sbc-mx-3']);
    expect(downSeconds(service)).toBe(0);
  });

  it('is unknown throughout when its selector matches no target', () => {
    const empty = compose([{ name: 'dbs', require: 'any', members: [{ role: 'database' }] }], {}).get('dbs');
    expect(empty?.members).toEqual([]);
    expect(written(empty?.timeline ?? [])).toEqual([d('00:00'), 'unknown', END]);
  });

  it('names the cycle when services contain each other', () => {
    const cycle = [
      { name: 'a', members: ['core-1', 'b'] },
      { name: 'b', members: ['c'] },
      { name: 'c', members: ['a'] },
    ];
    const error = thrownBy(() => compose(cycle, {}));
    expect(error).toBeInstanceOf(NocError);
    expect(error).toMatchObject({ code: 'invalid_config', message: 'services contain each other in a cycle: a → b → c → a' });
    expect(() => compose([{ name: 'self', members: ['self'] }], {})).toThrow('cycle: self → self');
  });

  it('names an unknown member', () => {
    const error = thrownBy(() => compose([{ name: 'sip', members: ['core-1', 'core-9'] }], {}));
    expect(error).toBeInstanceOf(NocError);
    expect(error).toMatchObject({ code: 'invalid_config', message: 'services.sip.members: "core-9" is neither a target id nor a service name' });
  });
});

describe('requiredUp', () => {
  it('reads all as n, any as 1 and a number as itself', () => {
    expect(requiredUp('all', 4)).toBe(4);
    expect(requiredUp('any', 4)).toBe(1);
    expect(requiredUp(3, 4)).toBe(3);
  });
});
