import { describe, expect, it } from 'vitest';
import { AvailabilityReport } from '../report-model.js';
import { availabilityHtml } from './availability-html.js';
import { availabilityFixture } from './testing/report-fixtures.js';

/** The text of the table row (or list entry) whose first cell is `first`, tags dropped. */
function rowText(page: string, first: string): string {
  const row = page.split('\n').find((line) => line.startsWith(`<tr><td>${first}</td>`));
  expect(row, first).toBeDefined();
  return (row ?? '').replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
}

describe('availabilityHtml', () => {
  const page = availabilityHtml(availabilityFixture());

  it('is one self-contained page: doctype, language, inline style, no script, nothing loaded', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toMatch(/<style>[^<]*@page \{ size: A4/);
    expect(page).toMatch(/break-before: page/);
    expect(page.toLowerCase()).not.toContain('<script');
    expect(page).not.toMatch(/<link|<img|<iframe|src=|href=|url\(|@import|https?:/i);
  });

  it('escapes hostile names', () => {
    expect(page).toContain('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td><td>core</td><td>&quot;&amp;&#39;</td>');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain(`"&'`);
  });

  it('heads the page with the month and the period in its time zone', () => {
    expect(page).toContain('<title>Availability report 2026-04 (America/Santiago)</title>');
    expect(page).toContain('<h1>Availability report — 2026-04</h1>');
    expect(page).toContain('<dt>Time zone</dt><dd>America/Santiago</dd>');
    expect(page).toContain('<dt>From</dt><dd>2026-04-01 00:00:00 -03</dd>');
    expect(page).toContain('<dt>To (exclusive)</dt><dd>2026-05-01 00:00:00 -04</dd>');
    expect(page).toContain('<dt>Length</dt><dd>30 d 1 h</dd>');
    expect(page).toContain('<dt>Generated at</dt><dd>2026-05-01 00:00:05 -04</dd>');
    expect(page).not.toContain('Measured up to');
  });

  it('summarises the total against the target, unknown time apart', () => {
    expect(page).toContain('<dt>Availability</dt><dd>99.9942 % against a target of 99.9900 %: met</dd>');
    expect(page).toContain('<dt>Down time</dt><dd>5 min 0 s</dd>');
    expect(page).toContain('<dt>Allowed down time</dt><dd>8 min 38.8 s</dd>');
    expect(page).toContain('<dt>Error budget left</dt><dd>3 min 38.8 s</dd>');
    expect(page).toContain('<dt>Outages</dt><dd>2</dd>');
    expect(page).toContain('<dt>MTTR (mean time to repair)</dt><dd>2 min 30 s</dd>');
    expect(page).toContain('<dt>MTBF (mean time between failures)</dt><dd>30 d 0 h</dd>');
    expect(page).toContain('<dt>Unknown time (no data; neither up nor down)</dt><dd>30 min 0 s</dd>');
    expect(page).toContain('<dt>Maintenance (excluded)</dt><dd>1 h 00 min</dd>');
  });

  it('has the sections in order: summary, services, sites, roles, targets, outages', () => {
    const headings = [...page.matchAll(/<h2>([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual(['Summary', 'Services', 'Sites', 'Roles', 'Targets', 'Outages and maintenance']);
  });

  it('prints each entity with its figures and its state in words', () => {
    const sbc = '|99.9884 %|99.9900 %|missed|5 min 0 s|30 min 0 s|1 h 00 min|4 min 19.2 s|-40.8 s (overspent)|2|2 min 30 s|15 d 0 h|';
    expect(rowText(page, 'sbc-1')).toBe(`|sbc-1|sbc|scl${sbc}`);
    expect(rowText(page, 'sip-scl')).toBe(`|sip-scl|scl|all of|sbc-1, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;${sbc}`);
    expect(rowText(page, 'core')).toBe('|core|1|100.0000 %|99.9900 %|met|0 s|0 s|0 s|4 min 19.6 s|4 min 19.6 s|0|—|—|');
  });

  it("lists each target's outages and maintenance in the report's time zone", () => {
    expect(page).toContain('<h3>Target sbc-1 (sbc, scl)</h3>');
    expect(page).toContain('<tr><td>2026-04-03 14:05:00 -03</td><td>2026-04-03 14:07:00 -03</td><td class="num">2 min 0 s</td><td>ended</td></tr>');
    expect(page).toContain('<tr><td>2026-04-20 06:00:00 -04</td><td>2026-04-20 06:03:00 -04</td><td class="num">3 min 0 s</td><td>ended</td></tr>');
    expect(page).toContain('<tr><td>firmware upgrade</td><td>config</td><td>2026-04-12 02:00:00 -04</td><td>2026-04-12 03:00:00 -04</td><td class="num">1 h 00 min</td></tr>');
    expect(page).toContain('<h3>Service sip-scl</h3>');
    expect(page).toContain('1 target had neither outages nor maintenance.');
  });

  it('says when the month is still running and when nothing was measured', () => {
    const report = availabilityFixture();
    const running = AvailabilityReport.parse({
      ...report,
      period: { ...report.period, measuredTo: '2026-04-15T15:00:00.000Z' },
      totals: { ...report.totals, availabilityPercent: null, met: null },
      services: [],
    });
    const html = availabilityHtml(running);
    expect(html).toContain('<dt>Measured up to</dt><dd>2026-04-15 11:00:00 -04 (month in progress)</dd>');
    expect(html).toContain('<dt>Availability</dt><dd>— against a target of 99.9900 %: no data</dd>');
    expect(html).toContain('No composed services are configured.');
  });
});
