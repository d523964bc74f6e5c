import { describe, expect, it } from 'vitest';
import { SlaReport } from '../report-model.js';
import { penaltiesCsv, slaCsv } from './sla-csv.js';
import { slaFixture } from './testing/report-fixtures.js';

describe('slaCsv', () => {
  it('has one row per incident, instants in UTC, durations in seconds', () => {
    expect(slaCsv(slaFixture()).split('\r\n')).toEqual([
      'number,title,severity,site,status,registered_at,acknowledged_at,resolved_at,attention_state,attention_due,attention_took_seconds,' +
        'attention_late_seconds,solution_state,solution_due,solution_took_seconds,solution_late_seconds,within_sla',
      `NOC-2026-000001,"<script>alert(""x"")</script> & 'quotes'",S1,scl,resolved,2026-04-03T17:05:00.000Z,2026-04-03T17:30:00.000Z,` +
        '2026-04-03T19:05:00.000Z,met,2026-04-03T18:05:00.000Z,1500,,met,2026-04-03T20:05:00.000Z,7200,,true',
      `NOC-2026-000002,"Calls fail, ""all"" lines",S2,"""&'",closed,2026-04-10T12:00:00.000Z,2026-04-10T14:00:00.000Z,` +
        '2026-04-10T15:00:00.000Z,missed,2026-04-10T13:30:00.000Z,7200,1800,met,2026-04-10T16:00:00.000Z,10800,,false',
      `NOC-2026-000003,"'=HYPERLINK(""http://evil.example"")",S3,scl,registered,2026-05-01T02:00:00.000Z,,,` +
        'pending,2026-05-01T04:00:00.000Z,,,pending,2026-05-01T06:00:00.000Z,,,',
      '',
    ]);
  });
});

describe('penaltiesCsv', () => {
  it('has one row per penalty item, money with 2 decimals', () => {
    expect(penaltiesCsv(slaFixture())).toBe(
      'site,kind,incident,reason,amount,currency\r\n' +
        'scl,availability,,availability 99.9884% below 99.99% (tier: 5%),500.00,USD\r\n' +
        `"""&'",compliance,,compliance 0% below 98% (tier: 10%),100.00,USD\r\n` +
        `"""&'",attention_missed,NOC-2026-000002,NOC-2026-000002 S2 attention 30 min late,150.50,USD\r\n`,
    );
  });

  it('is the header alone without a contract', () => {
    expect(penaltiesCsv(SlaReport.parse({ ...slaFixture(), penalties: null }))).toBe('site,kind,incident,reason,amount,currency\r\n');
  });
});
