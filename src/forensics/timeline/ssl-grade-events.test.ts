import { describe, expect, it } from 'vitest';
import { sslGradeEvents } from './ssl-grade-events.js';
import { at, seriesStore } from './testing/series-from-dsl.js';

const HOUR = 3_600_000;
const L = 'target="web",ip="10.0.0.1"';
const score = (values: string) => `ssllabs_grade_score{${L}} ${values}`;
const info = (grade: string, values: string) => `ssllabs_grade_info{${L},grade="${grade}",grade_trust_ignored="${grade}"} ${values}`;

describe('sslGradeEvents', () => {
  const cases: { name: string; dsl: string[]; window: [number, number]; want: string[] }[] = [
    { name: 'a grade and score change at the same time is one event', dsl: [score('90 90 100 100'), info('A', '1 1 _ _'), info('A+', '_ _ 1 1')], window: [1, 3], want: ['2 A→A+ 90→100'] },
    { name: 'a label-only change (F and T both score 0)', dsl: [score('0 0 0'), info('F', '1 _ _'), info('T', '_ 1 1')], window: [0, 2], want: ['1 F→T'] },
    { name: 'a change exactly at from, against the grade before the window', dsl: [score('90 100'), info('A', '1 _'), info('A+', '_ 1')], window: [1, 1], want: ['1 A→A+ 90→100'] },
    { name: 'no change when the grade before the window is the same', dsl: [score('90 90 90'), info('A', '1 1 1')], window: [1, 2], want: [] },
    { name: 'an endpoint first assessed inside the window is no change', dsl: [score('_ _ 90'), info('A', '_ _ 1')], window: [0, 2], want: [] },
    { name: 'a score-only history still reports', dsl: [score('90 80 80')], window: [0, 2], want: ['1 90→80'] },
    { name: 'changes after to stay out', dsl: [score('90 90 100'), info('A', '1 1 _'), info('A+', '_ _ 1')], window: [0, 1], want: [] },
  ];
  it.each(cases)('$name', async ({ dsl, window, want }) => {
    const store = await seriesStore(dsl.join('\n'));
    const events = await sslGradeEvents(store, { from: at(window[0]), to: at(window[1]) }, HOUR, undefined);
    const describeEvent = (e: (typeof events)[number]) => {
      const d = e.details as { grade?: string; previousGrade?: string; score?: number; previousScore?: number };
      const grade = d.grade === undefined ? '' : ` ${d.previousGrade}→${d.grade}`;
      const scores = d.score === undefined ? '' : ` ${d.previousScore}→${d.score}`;
      return `${(e.at - at(0)) / 10_000}${grade}${scores}`;
    };
    expect(events.map(describeEvent)).toEqual(want);
  });

  it('names the endpoint and target', async () => {
    const store = await seriesStore([score('90 100'), info('A', '1 _'), info('A+', '_ 1')].join('\n'));
    const [event] = await sslGradeEvents(store, { from: at(0), to: at(1) }, HOUR, undefined);
    expect(event).toMatchObject({ kind: 'ssl_grade_changed', title: 'SSL Labs grade of 10.0.0.1 (web) A → A+', ip: '10.0.0.1', target: 'web', labels: { target: 'web', ip: '10.0.0.1' } });
  });
});
