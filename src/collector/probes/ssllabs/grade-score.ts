/** Score of each SSL Labs grade, so a grade can be graphed and alerted on as a number (T and M count as F). */
export const GRADE_SCORES: Readonly<Record<string, number>> = {
  'A+': 100,
  A: 95,
  'A-': 90,
  B: 80,
  C: 65,
  D: 50,
  E: 35,
  F: 0,
  T: 0,
  M: 0,
};

/** The score of a grade, or undefined for a grade SSL Labs does not document. */
export function gradeScore(grade: string): number | undefined {
  return Object.hasOwn(GRADE_SCORES, grade) ? GRADE_SCORES[grade] : undefined;
}
