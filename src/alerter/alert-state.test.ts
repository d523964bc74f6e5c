import { describe, expect, it } from 'vitest';
import { step, type AlertEvaluation, type AlertLifecycleRule, type AlertState, type AlertStep, type AlertTransition } from './alert-state.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const MIN = 60_000;

/** An evaluation at minute `m` after T0: `1`/`0` trigger, with an optional clear flag. */
type Eval = readonly [minute: number, active: 0 | 1, cleared?: boolean];

const rule = (over: Partial<AlertLifecycleRule> = {}): AlertLifecycleRule => ({ forMs: 0, keepFiringForMs: 0, ...over });

function evaluation([minute, active, cleared]: Eval): AlertEvaluation {
  return { at: T0 + minute * MIN, active: active === 1, ...(cleared === undefined ? {} : { cleared }) };
}

/** Runs the evaluations in order; with `persist`, every state goes through JSON as it would across a restart. */
function run(r: AlertLifecycleRule, evals: readonly Eval[], start?: AlertState, persist = false): AlertStep[] {
  const steps: AlertStep[] = [];
  let state = start;
  for (const e of evals) {
    const out = step(state, evaluation(e), r);
    steps.push(out);
    state = persist ? (JSON.parse(JSON.stringify(out.state)) as AlertState) : out.state;
  }
  return steps;
}

/** Transitions by evaluation, `-` for none, so a table row reads like a timeline. */
const timeline = (steps: readonly AlertStep[]): (AlertTransition | '-')[] => steps.map((s) => s.transition ?? '-');

/** `count` evaluations one minute apart from `from`, all with the same trigger. */
const every = (from: number, count: number, active: 0 | 1, cleared?: boolean): Eval[] =>
  Array.from({ length: count }, (_, i) => (cleared === undefined ? [from + i, active] : [from + i, active, cleared]));

interface Row {
  name: string;
  rule: AlertLifecycleRule;
  evals: Eval[];
  expected: (AlertTransition | '-')[];
}

const tables: Record<string, Row[]> = {
  'inactive → pending → firing → resolved': [
    {
      name: 'fires when `for` has elapsed exactly, resolves at the first false',
      rule: rule({ forMs: 5 * MIN }),
      evals: [...every(0, 6, 1), [6, 0], [7, 0]],
      expected: ['pending', '-', '-', '-', '-', 'firing', 'resolved', '-'],
    },
    {
      name: 'an evaluation that lands after `for` fires then',
      rule: rule({ forMs: 5 * MIN }),
      evals: [[0, 1], [4, 1], [9, 1], [13, 0]],
      expected: ['pending', '-', 'firing', 'resolved'],
    },
    {
      name: 'stays inactive while the condition is false',
      rule: rule({ forMs: 5 * MIN }),
      evals: every(0, 4, 0),
      expected: ['-', '-', '-', '-'],
    },
    {
      name: 'a resolved alert can pend and fire again',
      rule: rule({ forMs: 2 * MIN }),
      evals: [[0, 1], [2, 1], [3, 0], [4, 0], [5, 1], [6, 1], [7, 1]],
      expected: ['pending', 'firing', 'resolved', '-', 'pending', '-', 'firing'],
    },
  ],
  'pending → inactive': [
    {
      name: 'a condition that lapses before `for` goes inactive without firing',
      rule: rule({ forMs: 5 * MIN }),
      evals: [[0, 1], [1, 1], [2, 0], [3, 0]],
      expected: ['pending', '-', 'inactive', '-'],
    },
    {
      name: 'pending again restarts the `for` clock',
      rule: rule({ forMs: 3 * MIN }),
      evals: [[0, 1], [2, 1], [3, 0], [4, 1], [6, 1], [7, 1]],
      expected: ['pending', '-', 'inactive', 'pending', '-', 'firing'],
    },
    {
      name: 'pending has no hysteresis: not cleared still drops it',
      rule: rule({ forMs: 5 * MIN }),
      evals: [[0, 1], [1, 0, false]],
      expected: ['pending', 'inactive'],
    },
  ],
  'for = 0': [
    {
      name: 'fires at the first true evaluation without pending',
      rule: rule(),
      evals: [[0, 0], [1, 1], [2, 1], [3, 0]],
      expected: ['-', 'firing', '-', 'resolved'],
    },
  ],
  keep_firing_for: [
    {
      name: 'keeps firing for 3m after the condition stops',
      rule: rule({ keepFiringForMs: 3 * MIN }),
      evals: [[0, 1], ...every(1, 5, 0)],
      expected: ['firing', '-', '-', '-', 'resolved', '-'],
    },
    {
      name: 'a true evaluation inside the window restarts it',
      rule: rule({ keepFiringForMs: 3 * MIN }),
      evals: [[0, 1], [1, 0], [2, 0], [3, 1], [4, 0], [5, 0], [6, 0], [7, 0]],
      expected: ['firing', '-', '-', '-', '-', '-', '-', 'resolved'],
    },
    {
      name: 'counts time, not evaluations',
      rule: rule({ keepFiringForMs: 10 * MIN }),
      evals: [[0, 1], [1, 0], [5, 0], [10, 0], [11, 0]],
      expected: ['firing', '-', '-', '-', 'resolved'],
    },
  ],
  'hysteresis (separate clear threshold)': [
    {
      name: 'between trigger and clear the alert keeps firing; it resolves once cleared',
      rule: rule(),
      evals: [[0, 1, false], [1, 0, false], [2, 0, false], [3, 0, false], [4, 0, true], [5, 0, true]],
      expected: ['firing', '-', '-', '-', 'resolved', '-'],
    },
    {
      name: 'with keep_firing_for, a return into the band breaks the clear streak',
      rule: rule({ keepFiringForMs: 2 * MIN }),
      evals: [[0, 1, false], [1, 0, true], [2, 0, false], [3, 0, true], [4, 0, true], [5, 0, true]],
      expected: ['firing', '-', '-', '-', '-', 'resolved'],
    },
    {
      name: 'a clear flag that contradicts an active trigger does not resolve',
      rule: rule(),
      evals: [[0, 1], [1, 1, true], [2, 0, true]],
      expected: ['firing', '-', 'resolved'],
    },
  ],
  'n of m (3 of 5)': [
    {
      name: 'fires on the evaluation that makes 3 of the last 5',
      rule: rule({ nOfM: { n: 3, m: 5 } }),
      evals: [[0, 1], [1, 0], [2, 1], [3, 0], [4, 1]],
      expected: ['-', '-', '-', '-', 'firing'],
    },
    {
      name: 'two blips in five never fire',
      rule: rule({ nOfM: { n: 3, m: 5 } }),
      evals: [[0, 1], [1, 0], [2, 0], [3, 1], [4, 0], [5, 0], [6, 0], [7, 1], [8, 0], [9, 0], [10, 1]],
      expected: ['-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'],
    },
    {
      name: 'the oldest result leaves the window: 3 true, then false until fewer than 3 remain',
      rule: rule({ nOfM: { n: 3, m: 5 } }),
      evals: [[0, 1], [1, 1], [2, 1], [3, 0], [4, 0], [5, 0], [6, 0]],
      expected: ['-', '-', 'firing', '-', '-', 'resolved', '-'],
    },
    {
      name: 'with `for`, pending starts when 3 of 5 first hold',
      rule: rule({ forMs: 2 * MIN, nOfM: { n: 3, m: 5 } }),
      evals: [[0, 1], [1, 1], [2, 1], [3, 1], [4, 1]],
      expected: ['-', '-', 'pending', '-', 'firing'],
    },
  ],
};

describe('step', () => {
  for (const [group, rows] of Object.entries(tables)) {
    describe(group, () => {
      it.each(rows)('$name', ({ rule: r, evals, expected }) => {
        expect(timeline(run(r, evals))).toEqual(expected);
      });
      it.each(rows)('$name (state through JSON at every step)', ({ rule: r, evals, expected }) => {
        const live = run(r, evals);
        const persisted = run(r, evals, undefined, true);
        expect(timeline(persisted)).toEqual(expected);
        expect(persisted).toEqual(live);
      });
    });
  }

  it('keeps the timers as timestamps', () => {
    const r = rule({ forMs: 5 * MIN, keepFiringForMs: 2 * MIN });
    const [pending, , firing, kept, resolved, later] = run(r, [[0, 1], [3, 1], [5, 1], [6, 0], [8, 0], [9, 0]]);
    expect(pending?.state).toMatchObject({ status: 'pending', activeSince: T0, pendingSince: T0 });
    expect(firing?.state).toMatchObject({ status: 'firing', activeSince: T0, pendingSince: T0, firingSince: T0 + 5 * MIN });
    expect(kept?.state).toMatchObject({ status: 'firing', clearSince: T0 + 6 * MIN });
    // resolved still describes the episode it ends, without the timers that only mean something while it runs
    expect(resolved?.state).toMatchObject({ status: 'resolved', activeSince: T0, firingSince: T0 + 5 * MIN, resolvedAt: T0 + 8 * MIN });
    expect(resolved?.state).not.toHaveProperty('clearSince');
    expect(resolved?.state).not.toHaveProperty('pendingSince');
    expect(later?.state).toMatchObject({ status: 'resolved', resolvedAt: T0 + 8 * MIN, lastEvalAt: T0 + 9 * MIN });
  });

  it('forgets a pending episode that went inactive, and a resolved one that starts again', () => {
    const [, inactive] = run(rule({ forMs: 5 * MIN }), [[0, 1], [1, 0]]);
    expect(inactive?.state).toStrictEqual(expect.objectContaining({ status: 'inactive' }));
    for (const key of ['activeSince', 'pendingSince', 'firingSince', 'resolvedAt', 'clearSince']) {
      expect(inactive?.state).not.toHaveProperty(key);
    }
    const [, , again] = run(rule(), [[0, 1], [1, 0], [2, 1]]);
    expect(again?.state).toMatchObject({ status: 'firing', activeSince: T0 + 2 * MIN, firingSince: T0 + 2 * MIN });
    expect(again?.state).not.toHaveProperty('resolvedAt');
  });

  it('records the last value and is plain JSON (no undefined fields)', () => {
    const out = step(undefined, { at: T0, active: true, value: 97.5 }, rule());
    expect(out.state.lastValue).toBe(97.5);
    expect(JSON.parse(JSON.stringify(out.state))).toStrictEqual(out.state);
    const next = step(out.state, { at: T0 + MIN, active: true }, rule());
    expect(next.state).not.toHaveProperty('lastValue');
    expect(JSON.parse(JSON.stringify(next.state))).toStrictEqual(next.state);
  });

  it('keeps only as many results as n-of-m needs', () => {
    const steps = run(rule({ nOfM: { n: 3, m: 5 } }), every(0, 12, 1));
    expect(steps.at(-1)?.state.history).toEqual([true, true, true, true, true]);
    expect(run(rule(), every(0, 12, 0)).at(-1)?.state.history).toEqual([false]);
  });
});

describe('step: flapping', () => {
  // 30 alternating evaluations then steady (see flapping.test.ts for the percentages): flapping starts at the
  // 9th evaluation and stops at the 14th steady one, and each is reported exactly once.
  const evals: Eval[] = [
    ...Array.from({ length: 30 }, (_, i): Eval => [i, i % 2 === 0 ? 1 : 0]),
    ...every(30, 20, 0),
  ];

  it.each([
    { name: 'with for = 0', rule: rule() },
    { name: 'with for = 5m (never fires)', rule: rule({ forMs: 5 * MIN }) },
    { name: 'with 3 of 5 (flap detection sees the raw results)', rule: rule({ nOfM: { n: 3, m: 5 } }) },
  ])('notifies start and stop once each $name', ({ rule: r }) => {
    const steps = run(r, evals);
    expect(steps.flatMap((s, i) => (s.flapStarted ? [i] : []))).toEqual([8]);
    expect(steps.flatMap((s, i) => (s.flapStopped ? [i] : []))).toEqual([43]);
    expect(steps.map((s) => s.state.flapping)).toEqual(evals.map((_, i) => i >= 8 && i < 43));
    expect(run(r, evals, undefined, true)).toEqual(steps);
  });

  it('reports the percent state change', () => {
    const [first] = run(rule(), [[0, 1]]);
    expect(first?.percentStateChange).toBe(6.25);
  });

  it('uses the rule thresholds', () => {
    // One change at the newest position is 6.25%: enough for a high threshold of 6.
    const [first] = run(rule({ flap: { low: 1, high: 6 } }), [[0, 1]]);
    expect(first?.flapStarted).toBe(true);
  });
});

describe('step: restart', () => {
  /** The state a process would have persisted after these evaluations, read back as after a restart. */
  const persisted = (r: AlertLifecycleRule, evals: readonly Eval[]): AlertState =>
    JSON.parse(JSON.stringify(run(r, evals).at(-1)?.state)) as AlertState;

  it('a pending alert fires on time after a restart (for = 5m, down from 3m to 5m)', () => {
    const r = rule({ forMs: 5 * MIN });
    const state = persisted(r, [[0, 1], [1, 1], [2, 1], [3, 1]]);
    expect(state.status).toBe('pending');
    expect(timeline(run(r, [[5, 1], [6, 1]], state))).toEqual(['firing', '-']);
  });

  it('a pending alert whose `for` elapsed while down fires at the first evaluation', () => {
    const r = rule({ forMs: 5 * MIN });
    const state = persisted(r, [[0, 1], [1, 1]]);
    expect(timeline(run(r, [[60, 1], [61, 1]], state))).toEqual(['firing', '-']);
  });

  it.each([
    { name: 'condition cleared while down: resolves exactly once', evals: [[130, 0], [131, 0], [132, 0]] as Eval[], expected: ['resolved', '-', '-'] },
    { name: 'condition still true: keeps firing, no new notification', evals: [[130, 1], [131, 1]] as Eval[], expected: ['-', '-'] },
  ])('a firing alert after 2h down: $name', ({ evals, expected }) => {
    const r = rule();
    const state = persisted(r, [[0, 1], [10, 1]]);
    expect(state.status).toBe('firing');
    const steps = run(r, evals, state);
    expect(timeline(steps)).toEqual(expected);
    expect(steps.filter((s) => s.transition !== undefined).length).toBe(expected.filter((t) => t !== '-').length);
  });

  it('with keep_firing_for, the window starts at the first evaluation after the restart, then resolves once', () => {
    const r = rule({ keepFiringForMs: 5 * MIN });
    const state = persisted(r, [[0, 1], [10, 1]]);
    expect(timeline(run(r, [[130, 0], [133, 0], [135, 0], [136, 0]], state))).toEqual(['-', '-', 'resolved', '-']);
  });

  it('a stale firing state resolves once even when given the same evaluation twice', () => {
    const r = rule();
    const state = persisted(r, [[0, 1], [10, 1]]);
    const first = step(state, { at: T0 + 130 * MIN, active: false }, r);
    const replay = step(first.state, { at: T0 + 130 * MIN, active: false }, r);
    const next = step(replay.state, { at: T0 + 131 * MIN, active: false }, r);
    expect([first.transition, replay.transition, next.transition]).toEqual(['resolved', undefined, undefined]);
  });

  it('an evaluation at or before the last one changes nothing', () => {
    const r = rule({ forMs: 5 * MIN, nOfM: { n: 2, m: 3 } });
    const state = persisted(r, [[0, 1], [1, 1], [2, 1]]);
    for (const minute of [2, 1]) {
      const out = step(state, { at: T0 + minute * MIN, active: false }, r);
      expect(out.state).toBe(state);
      expect(out.transition).toBeUndefined();
      expect(out.conditionActive).toBe(true);
      expect(out.flapStarted || out.flapStopped).toBe(false);
    }
  });
});
