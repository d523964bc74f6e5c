import { describe, expect, it } from 'vitest';
import { SlaReport } from '../report-model.js';
import { slaHtml } from './sla-html.js';
import { slaFixture } from './testing/report-fixtures.js';

describe('slaHtml', () => {
  const page = slaHtml(slaFixture());

  it('is one self-contained page with no script', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page.toLowerCase()).not.toContain('<script');
    expect(page).not.toMatch(/<link|<img|<iframe|src=|href=|url\(|@import/i);
    const headings = [...page.matchAll(/<h2>([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual(['Compliance', 'Incidents', 'Penalties']);
  });

  it('escapes hostile titles and sites', () => {
    expect(page).toContain('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</td>');
    expect(page).toContain('<td>=HYPERLINK(&quot;http://evil.example&quot;)</td>');
    expect(page).toContain('<h3>Site &quot;&amp;&#39;</h3>');
    expect(page).not.toContain(`"&'`);
  });

  it('heads the page with the period in its time zone', () => {
    expect(page).toContain('<h1>SLA compliance report — 2026-04</h1>');
    expect(page).toContain('<dt>From</dt><dd>2026-04-01 00:00:00 -03</dd>');
    expect(page).toContain('<dt>Schema</dt><dd>noc.report.sla/v1</dd>');
  });

  it('puts compliance against the target, in words too', () => {
    expect(page).toContain('<dt>Compliance</dt><dd>50.0000 % against a target of 98.0000 %: <span class="state-missed">missed</span></dd>');
    expect(page).toContain(
      '<tr><td>S2</td><td class="num">1</td><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">0</td>' +
        '<td class="num">0</td><td class="num">0.0000 %</td><td class="num">98.0000 %</td><td><span class="state-missed">missed</span></td></tr>',
    );
    expect(page).toContain('<td class="num">—</td><td class="num">98.0000 %</td><td>nothing decided</td></tr>');
    expect(page).toContain('<h3>By site</h3>');
  });

  it('shows each clock met, missed or pending with its durations', () => {
    expect(page).toContain('<td>2026-04-03 14:05:00 -03</td><td>met<br>took 25 min 0 s of 1 h 00 min</td><td>met<br>took 2 h 00 min of 3 h 00 min</td><td>yes</td>');
    expect(page).toContain(
      '<td>2026-04-10 08:00:00 -04</td><td><span class="state-missed">missed</span><br>took 2 h 00 min of 1 h 30 min, 30 min 0 s late</td>' +
        '<td>met<br>took 3 h 00 min of 4 h 00 min</td><td><span class="state-missed">no</span></td>',
    );
    expect(page).toContain('<td>2026-04-30 22:00:00 -04</td><td>pending<br>due 2026-05-01 00:00:00 -04</td><td>pending<br>due 2026-05-01 02:00:00 -04</td><td>pending</td>');
  });

  it('shows a missed clock still running as late so far', () => {
    const report = slaFixture();
    const [first] = report.incidents;
    if (first === undefined) throw new Error('fixture has incidents');
    const running = SlaReport.parse({
      ...report,
      incidents: [{ ...first, solution: { state: 'missed', due: first.solution.due, allowedSeconds: 10_800, tookSeconds: null, lateSeconds: 5400 }, withinSla: false }],
    });
    expect(slaHtml(running)).toContain('<span class="state-missed">missed</span><br>still running, 1 h 30 min late so far (allowed 3 h 00 min)');
  });

  it("lists each site's penalties with reasons, amounts and totals, the cap marked", () => {
    expect(page).toContain('<dt>Total discounts</dt><dd>700.00 USD</dd>');
    expect(page).toContain('<dt>Availability (service sip-scl)</dt><dd>99.9884 %</dd>');
    expect(page).toContain('<tr><td>availability below target</td><td>—</td><td>availability 99.9884% below 99.99% (tier: 5%)</td><td class="num">500.00 USD</td></tr>');
    expect(page).toContain('<tr><td>attention missed</td><td>NOC-2026-000002</td><td>NOC-2026-000002 S2 attention 30 min late</td><td class="num">150.50 USD</td></tr>');
    expect(page).toContain('<td>Total before cap</td><td class="num">250.50 USD</td>');
    expect(page).toContain('<td>Discount (capped at 20 % of the fee)</td><td class="num">200.00 USD</td>');
    expect(page).toContain('<td class="num">250.50 USD</td><td class="num">200.00 USD</td><td><span class="state-over">capped</span></td>');
  });

  it('says so when there is no contract', () => {
    const html = slaHtml(SlaReport.parse({ ...slaFixture(), penalties: null }));
    expect(html).toContain('No contract is configured (sla.contract): no penalties are computed.');
    expect(html).not.toContain('USD');
  });
});
