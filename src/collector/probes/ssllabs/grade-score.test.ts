import { expect, it } from 'vitest';
import { gradeScore } from './grade-score.js';

it.each([
  ['A+', 100],
  ['A', 95],
  ['A-', 90],
  ['B', 80],
  ['C', 65],
  ['D', 50],
  ['E', 35],
  ['F', 0],
  ['T', 0],
  ['M', 0],
  ['Z', undefined],
  ['toString', undefined],
])('grade %s scores %s', (grade, score) => {
  expect(gradeScore(grade)).toBe(score);
});
