import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITY_MATRIX, loadConfigText } from '../src/config/index.js';
import { issueLines } from '../src/config/testing/config-assertions.js';

describe('incident and SLA config keys', () => {
  it('defaults: no auto-close, the default severity matrix, 24x7 clocks', () => {
    const result = loadConfigText('{}');
    if (!result.ok) throw new Error('expected {} to load');
    expect(result.config.incidents.auto_close_after).toBeUndefined();
    expect(result.config.sla.severity_matrix).toEqual(DEFAULT_SEVERITY_MATRIX);
    for (const times of Object.values(result.config.sla.severities)) expect(times.calendar).toBeUndefined();
  });

  it('reads auto_close_after, a severity calendar and matrix rows', () => {
    const result = loadConfigText(
      [
        'incidents:',
        '  auto_close_after: 24h',
        'sla:',
        '  calendars:',
        '    office: { mon: 08:00-18:00 }',
        '  severities:',
        '    S4: { calendar: office }',
        '  severity_matrix:',
        '    degraded: { S1: 100000, S3: 500 }',
      ].join('\n'),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.config.incidents.auto_close_after).toBe(24 * 3_600_000);
    expect(result.config.sla.severities.S4).toEqual({ attention: 2 * 3_600_000, solution: 4 * 3_600_000, calendar: 'office' });
    expect(result.config.sla.severity_matrix).toEqual({ ...DEFAULT_SEVERITY_MATRIX, degraded: { S1: 100_000, S3: 500 } });
  });

  it.each([
    ['sla:\n  severities:\n    S3: { calendar: office }\n', '3:21 sla.severities.S3.calendar: unknown calendar "office" (sla.calendars defines none)'],
    [
      'sla:\n  calendars:\n    office: { mon: 08:00-18:00 }\n  severities:\n    S3: { calendar: offcie }\n',
      '5:21 sla.severities.S3.calendar: unknown calendar "offcie" (known: office)',
    ],
    [
      'sla:\n  calendars:\n    never: {}\n  severities:\n    S2: { calendar: never }\n',
      '5:21 sla.severities.S2.calendar: calendar "never" has no service hours: the SLA clock would never run',
    ],
    ["sla:\n  severity_matrix:\n    total: { S1: 10, S2: 100 }\n", "3:18 sla.severity_matrix.total.S1: must be at least S2's 100 users"],
    ['sla:\n  severity_matrix:\n    partial: { S2: -5 }\n', '3:20 sla.severity_matrix.partial.S2: must be 0 or more'],
    ['sla:\n  severity_matrix:\n    outage: { S1: 5 }\n', '3:5 sla.severity_matrix.outage: unknown key "outage"'],
    ['incidents:\n  auto_close_after: soon\n', '2:21 incidents.auto_close_after: expected a duration such as 10s, 5m or 1h30m, got "soon"'],
  ])('refuses %j', (text, line) => {
    expect(issueLines(loadConfigText(text))).toEqual([line]);
  });
});
