import { useState } from 'preact/hooks';
import { useI18n } from '../lib/i18n.js';
import type { AvailabilityReportView, ReportPeriodView, SlaReportView } from '../lib/types.js';
import { AvailabilitySection } from './reports/availability-section.js';
import { formatDuration, formatMonth, formatZoned, monthOf, previousMonthOf, type ReportKind, reportFileHref } from './reports/report-format.js';
import { SlaSection } from './reports/sla-section.js';
import { reportsHref } from './route.js';
import { useApi } from './use-api.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The availability and SLA reports of one month (`#/reports?month=YYYY-MM`, the last complete month by
 * default), with their CSV and printable HTML files. A month the API refuses shows the API's message.
 */
export function ReportsPage({ month: asked }: { month?: string }) {
  const { t, locale } = useI18n();
  const [fallback] = useState(() => previousMonthOf(new Date()));
  const month = asked ?? fallback;
  const query = new URLSearchParams({ month }).toString();
  const availability = useApi<AvailabilityReportView>(`/reports/availability?${query}`);
  const sla = useApi<SlaReportView>(`/reports/sla?${query}`);
  // An answer of the month before stays in state until this month's arrives: never show it as this month's.
  const availabilityReport = availability.data?.period.month === month ? availability.data : undefined;
  const slaReport = sla.data?.period.month === month ? sla.data : undefined;
  const errors = [...new Set([availability.error, sla.error].filter((e): e is string => e !== undefined))];
  const loading = (availabilityReport === undefined && availability.error === undefined) || (slaReport === undefined && sla.error === undefined);
  const shown = availabilityReport ?? slaReport;
  const valid = MONTH.test(month);

  const pick = (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    if (MONTH.test(value) && value !== month) location.hash = reportsHref(value);
  };

  return (
    <section class="reports" data-testid="reports-page">
      <h1>{t('reports.title')}</h1>
      <form class="report-bar" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('reports.month')}
          <input type="month" name="month" value={valid ? month : ''} max={monthOf(new Date())} onChange={pick} data-testid="report-month" />
        </label>
        {valid ? (
          <div class="downloads" data-testid="report-downloads">
            <span class="muted">{t('reports.download')}:</span>
            <Downloads kind="availability" label={t('reports.availability')} month={month} />
            <Downloads kind="sla" label={t('reports.sla')} month={month} penalties={(slaReport?.penalties ?? null) !== null} penaltiesLabel={t('reports.penaltiesCsv')} />
          </div>
        ) : null}
      </form>
      {errors.map((message) => (
        <p key={message} class="error" role="alert" data-testid="reports-error">
          {message}
        </p>
      ))}
      {shown === undefined ? null : <PeriodLine period={shown.period} generatedAt={shown.generatedAt} locale={locale} />}
      {loading ? (
        <p class="muted" role="status" data-testid="reports-loading">
          {t('loading')}
        </p>
      ) : null}
      {availabilityReport === undefined ? null : <AvailabilitySection report={availabilityReport} />}
      {slaReport === undefined ? null : <SlaSection report={slaReport} />}
    </section>
  );
}

/** The CSV and printable HTML of one report (and the penalties table's CSV when the month has a contract). */
function Downloads({ kind, label, month, penalties, penaltiesLabel }: { kind: ReportKind; label: string; month: string; penalties?: boolean; penaltiesLabel?: string }) {
  return (
    <span class="download-group">
      <b>{label}</b>
      <a class="button-link" href={reportFileHref(kind, month, 'csv')} download="" data-testid={`download-${kind}-csv`}>
        CSV
      </a>
      <a class="button-link" href={reportFileHref(kind, month, 'html')} target="_blank" rel="noopener" data-testid={`download-${kind}-html`}>
        HTML
      </a>
      {penalties ? (
        <a class="button-link" href={reportFileHref(kind, month, 'csv', 'penalties')} download="" data-testid={`download-${kind}-penalties-csv`}>
          {penaltiesLabel}
        </a>
      ) : null}
    </span>
  );
}

/** Which month, in which zone, from when to when (a DST change shows in its length), and how fresh. */
function PeriodLine({ period, generatedAt, locale }: { period: ReportPeriodView; generatedAt: string; locale: string }) {
  const { t } = useI18n();
  const zone = period.timeZone;
  const inProgress = Date.parse(period.measuredTo) < Date.parse(period.to);
  return (
    <p class="muted report-period" data-testid="report-period">
      <b class="month-name">{formatMonth(period.month, locale)}</b> · {t('reports.zone')} {zone} · {formatZoned(period.from, zone)} → {formatZoned(period.to, zone)} ({t('reports.length')}{' '}
      {formatDuration(period.seconds)}){inProgress ? ` · ${t('reports.inProgress')} ${formatZoned(period.measuredTo, zone)}` : ''} · {t('reports.generated')} {formatZoned(generatedAt, zone)}
    </p>
  );
}
