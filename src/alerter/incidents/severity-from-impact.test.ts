import { describe, expect, it } from 'vitest';
import type { Severity } from '../../core/index.js';
import { type InterruptionLevel, SeverityMatrix } from '../../config/index.js';
import { mostSevere, severityFromImpact } from './severity-from-impact.js';

describe('severityFromImpact with the default matrix', () => {
  const cases: [users: number, interruption: InterruptionLevel, severity: Severity][] = [
    [5000, 'total', 'S1'],
    [1000, 'total', 'S1'],
    [999, 'total', 'S2'],
    [100, 'total', 'S2'],
    [99, 'total', 'S3'],
    [1, 'total', 'S3'],
    [0, 'total', 'S4'],
    [10_000, 'partial', 'S1'],
    [9999, 'partial', 'S2'],
    [1000, 'partial', 'S2'],
    [999, 'partial', 'S3'],
    [100, 'partial', 'S3'],
    [99, 'partial', 'S4'],
    [1_000_000, 'degraded', 'S2'],
    [10_000, 'degraded', 'S2'],
    [9999, 'degraded', 'S3'],
    [1000, 'degraded', 'S3'],
    [999, 'degraded', 'S4'],
  ];
  it.each(cases)('%i users, %s interruption → %s', (users, interruption, severity) => {
    expect(severityFromImpact(users, interruption)).toBe(severity);
  });

  it('follows a configured matrix; a row given replaces the default row, the others keep theirs', () => {
    const matrix = SeverityMatrix.parse({ total: { S1: 50_000, S3: 10 } });
    expect(severityFromImpact(49_999, 'total', matrix)).toBe('S3');
    expect(severityFromImpact(50_000, 'total', matrix)).toBe('S1');
    expect(severityFromImpact(9, 'total', matrix)).toBe('S4');
    expect(severityFromImpact(10_000, 'partial', matrix)).toBe('S1');
  });
});

describe('mostSevere', () => {
  it.each([
    [['S3'], 'S3'],
    [['S3', 'S2'], 'S2'],
    [['S1', 'S4', 'S2'], 'S1'],
    [['S4', 'S4'], 'S4'],
  ] as [Severity[], Severity][])('%j → %s', (severities, expected) => {
    const [first, ...rest] = severities as [Severity, ...Severity[]];
    expect(mostSevere(first, ...rest)).toBe(expected);
  });
});
