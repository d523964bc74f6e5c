import { describe, expect, it } from 'vitest';
import { ComplianceFigures } from '../report-model.js';
import { complianceBySeverity, complianceBySite, complianceFigures, type ComplianceInput } from './compliance-figures.js';

const DUE = '2026-04-10T00:00:00.000Z';
const met = { state: 'met', due: DUE, allowedSeconds: 60, tookSeconds: 30, lateSeconds: null } as const;
const missed = { state: 'missed', due: DUE, allowedSeconds: 60, tookSeconds: 90, lateSeconds: 30 } as const;
const pending = { state: 'pending', due: DUE, allowedSeconds: 60, tookSeconds: null, lateSeconds: null } as const;

function within(site = 'mx', severity: ComplianceInput['severity'] = 'S3'): ComplianceInput {
  return { severity, site, attention: met, solution: met, withinSla: true };
}
function attentionLate(site = 'mx', severity: ComplianceInput['severity'] = 'S3'): ComplianceInput {
  return { severity, site, attention: missed, solution: met, withinSla: false };
}
function solutionLate(site = 'mx', severity: ComplianceInput['severity'] = 'S3'): ComplianceInput {
  return { severity, site, attention: met, solution: missed, withinSla: false };
}
function open(site = 'mx', severity: ComplianceInput['severity'] = 'S3'): ComplianceInput {
  return { severity, site, attention: met, solution: pending, withinSla: null };
}
function times<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}

describe('complianceFigures', () => {
  it('meets a 98% target at exactly 98% (49 of 50)', () => {
    const figures = complianceFigures('all', [...times(49, within), solutionLate(), open()], 98);
    expect(ComplianceFigures.parse(figures)).toEqual({
      key: 'all',
      incidents: 51,
      decided: 50,
      withinSla: 49,
      attentionMissed: 0,
      solutionMissed: 1,
      pending: 1,
      compliancePercent: 98,
      targetPercent: 98,
      met: true,
    });
  });

  it('misses it just below (97 of 99 = 97.9798%)', () => {
    const figures = complianceFigures('all', [...times(97, within), attentionLate(), solutionLate()], 98);
    expect(figures.compliancePercent).toBe(9700 / 99);
    expect(figures).toMatchObject({ decided: 99, withinSla: 97, attentionMissed: 1, solutionMissed: 1, met: false });
  });

  it('counts both misses of one incident once in compliance', () => {
    const both: ComplianceInput = { severity: 'S1', site: 'mx', attention: missed, solution: missed, withinSla: false };
    expect(complianceFigures('S1', [both, within()], 98)).toMatchObject({
      decided: 2,
      withinSla: 1,
      attentionMissed: 1,
      solutionMissed: 1,
      compliancePercent: 50,
      met: false,
    });
  });

  it('has no percentage when nothing is decided', () => {
    expect(complianceFigures('S4', [open()], 98)).toMatchObject({ incidents: 1, decided: 0, pending: 1, compliancePercent: null, met: null });
    expect(complianceFigures('S4', [], 98)).toMatchObject({ incidents: 0, decided: 0, pending: 0, compliancePercent: null, met: null });
  });
});

describe('complianceBySeverity and complianceBySite', () => {
  const incidents = [within('pe', 'S2'), solutionLate('cl', 'S1'), within('mx', 'S2'), open('cl', 'S2'), within('Z-site', 'S1')];

  it('lists S1 to S4 in order, empty ones too', () => {
    const bySeverity = complianceBySeverity(incidents, 98);
    expect(bySeverity.map((figures) => [figures.key, figures.incidents, figures.decided, figures.compliancePercent])).toEqual([
      ['S1', 2, 2, 50],
      ['S2', 3, 2, 100],
      ['S3', 0, 0, null],
      ['S4', 0, 0, null],
    ]);
  });

  it('lists sites with incidents sorted by name, independent of locale', () => {
    const bySite = complianceBySite(incidents, 98);
    expect(bySite.map((figures) => [figures.key, figures.incidents, figures.compliancePercent, figures.met])).toEqual([
      ['Z-site', 1, 100, true],
      ['cl', 2, 0, false],
      ['mx', 1, 100, true],
      ['pe', 1, 100, true],
    ]);
  });
});
