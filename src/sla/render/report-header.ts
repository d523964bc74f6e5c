import type { ReportPeriod } from '../report-model.js';
import { formatDuration } from './format-report-values.js';
import { html, type HtmlValue, type SafeHtml } from './html-escape.js';
import { facts } from './html-page.js';

/** What every report begins with: the title, the month in its zone, and when and as what it was made. */
export function reportHeader(
  title: string,
  report: { readonly schema: string; readonly generatedAt: string; readonly period: ReportPeriod },
  instant: (iso: string) => string,
): SafeHtml {
  const { period } = report;
  const pairs: [string, HtmlValue][] = [
    ['Month', period.month],
    ['Time zone', period.timeZone],
    ['From', instant(period.from)],
    ['To (exclusive)', instant(period.to)],
    ['Length', formatDuration(period.seconds)],
  ];
  if (period.measuredTo !== period.to) pairs.push(['Measured up to', `${instant(period.measuredTo)} (month in progress)`]);
  pairs.push(['Generated at', instant(report.generatedAt)], ['Schema', report.schema]);
  return html`<header>
<h1>${title} — ${period.month}</h1>
${facts(pairs)}</header>
`;
}
