import type { AvailabilityFigures, AvailabilityReport, ServiceAvailability, TargetAvailability } from '../report-model.js';
import { formatDuration, formatPercent, instantFormatter, NO_VALUE } from './format-report-values.js';
import { html, type HtmlValue, type SafeHtml } from './html-escape.js';
import { type Column, facts, reportPage, section, stateWord, table } from './html-page.js';
import { reportHeader } from './report-header.js';

const FIGURE_COLUMNS: readonly Column[] = [
  { label: 'Availability', numeric: true },
  { label: 'Target', numeric: true },
  { label: 'State' },
  { label: 'Down', numeric: true },
  { label: 'Unknown', numeric: true },
  { label: 'Maintenance', numeric: true },
  { label: 'Allowed down', numeric: true },
  { label: 'Budget left', numeric: true },
  { label: 'Outages', numeric: true },
  { label: 'MTTR', numeric: true },
  { label: 'MTBF', numeric: true },
];

/** Met, missed, or nothing measured: in words, so the page reads without colour. */
function availabilityState(met: boolean | null): SafeHtml {
  if (met === null) return html`no data`;
  return stateWord(met ? 'met' : 'missed', !met);
}

function budgetLeft(seconds: number): HtmlValue {
  return seconds < 0 ? html`<span class="state-over">${formatDuration(seconds)} (overspent)</span>` : formatDuration(seconds);
}

function figureCells(row: AvailabilityFigures): HtmlValue[] {
  return [
    formatPercent(row.availabilityPercent),
    formatPercent(row.targetPercent),
    availabilityState(row.met),
    formatDuration(row.downSeconds),
    formatDuration(row.unknownSeconds),
    formatDuration(row.maintenanceSeconds),
    formatDuration(row.allowedDowntimeSeconds),
    budgetLeft(row.errorBudgetLeftSeconds),
    String(row.outages),
    formatDuration(row.mttrSeconds),
    formatDuration(row.mtbfSeconds),
  ];
}

function summary(report: AvailabilityReport): SafeHtml {
  const totals = report.totals;
  return section(
    'Summary',
    html`${facts([
      ['Availability', html`${formatPercent(totals.availabilityPercent)} against a target of ${formatPercent(totals.targetPercent)}: ${availabilityState(totals.met)}`],
      ['Down time', formatDuration(totals.downSeconds)],
      ['Allowed down time', formatDuration(totals.allowedDowntimeSeconds)],
      ['Error budget left', budgetLeft(totals.errorBudgetLeftSeconds)],
      ['Outages', String(totals.outages)],
      ['MTTR (mean time to repair)', formatDuration(totals.mttrSeconds)],
      ['MTBF (mean time between failures)', formatDuration(totals.mtbfSeconds)],
      ['Up time', formatDuration(totals.upSeconds)],
      ['Unknown time (no data; neither up nor down)', formatDuration(totals.unknownSeconds)],
      ['Maintenance (excluded)', formatDuration(totals.maintenanceSeconds)],
      ['Targets', String(totals.targets)],
    ])}<p class="note">Availability is up time over up and down time. Time without data (the monitor or its collector was down) is neither: it is reported apart as unknown. Maintenance is excluded from both. Times are summed over targets.</p>
`,
  );
}

function requirement(service: ServiceAvailability): string {
  if (service.require === 'all') return 'all of';
  if (service.require === 'any') return 'any of';
  return `${service.require} of ${service.members.length}`;
}

function services(report: AvailabilityReport): SafeHtml {
  return section(
    'Services',
    table(
      [{ label: 'Service' }, { label: 'Site' }, { label: 'Requires' }, { label: 'Members' }, ...FIGURE_COLUMNS],
      report.services.map((service) => [service.service, service.site ?? NO_VALUE, requirement(service), service.members.join(', '), ...figureCells(service)]),
      { empty: 'No composed services are configured.' },
    ),
  );
}

function groups(heading: string, label: string, rows: AvailabilityReport['sites'], empty: string): SafeHtml {
  return section(
    heading,
    table([{ label }, { label: 'Targets', numeric: true }, ...FIGURE_COLUMNS], rows.map((row) => [row.key, String(row.targets), ...figureCells(row)]), { empty }),
  );
}

function targets(report: AvailabilityReport): SafeHtml {
  return section(
    'Targets',
    table(
      [{ label: 'Target' }, { label: 'Role' }, { label: 'Site' }, ...FIGURE_COLUMNS],
      report.targets.map((target) => [target.target, target.role, target.site, ...figureCells(target)]),
      { empty: 'No targets were measured.' },
    ),
  );
}

function outageTable(outages: TargetAvailability['outageList'], instant: (iso: string) => string): SafeHtml {
  return table(
    [{ label: 'Start' }, { label: 'End' }, { label: 'Duration', numeric: true }, { label: 'State' }],
    outages.map((outage) => [instant(outage.start), instant(outage.end), formatDuration(outage.seconds), outage.ongoing ? 'still down' : 'ended']),
    { empty: 'No outages.', caption: 'Outages' },
  );
}

function maintenanceTable(spans: TargetAvailability['maintenanceList'], instant: (iso: string) => string): SafeHtml {
  return table(
    [{ label: 'Window' }, { label: 'Source' }, { label: 'Start' }, { label: 'End' }, { label: 'Duration', numeric: true }],
    spans.map((span) => [span.name, span.source, instant(span.start), instant(span.end), formatDuration(span.seconds)]),
    { empty: 'No maintenance.', caption: 'Maintenance (excluded)' },
  );
}

function outagesAndMaintenance(report: AvailabilityReport, instant: (iso: string) => string): SafeHtml {
  const servicesDown = report.services.filter((service) => service.outageList.length > 0);
  const targetsListed = report.targets.filter((target) => target.outageList.length > 0 || target.maintenanceList.length > 0);
  const quiet = report.targets.length - targetsListed.length;
  return section(
    'Outages and maintenance',
    html`${servicesDown.map((service) => html`<div class="block">
<h3>Service ${service.service}</h3>
${outageTable(service.outageList, instant)}</div>
`)}${targetsListed.map((target) => html`<div class="block">
<h3>Target ${target.target} (${target.role}, ${target.site})</h3>
${outageTable(target.outageList, instant)}${maintenanceTable(target.maintenanceList, instant)}</div>
`)}<p class="note">${quiet === 1 ? '1 target had' : `${quiet} targets had`} neither outages nor maintenance.</p>
`,
  );
}

/**
 * The availability report as one self-contained printable HTML page: header, summary, then services,
 * sites, roles and targets, then each service's outages and each target's outages and maintenance.
 * Instants print in the report's time zone.
 */
export function availabilityHtml(report: AvailabilityReport): string {
  const instant = instantFormatter(report.period.timeZone);
  return reportPage(
    `Availability report ${report.period.month} (${report.period.timeZone})`,
    [
      reportHeader('Availability report', report, instant),
      summary(report),
      services(report),
      groups('Sites', 'Site', report.sites, 'No sites.'),
      groups('Roles', 'Role', report.roles, 'No roles.'),
      targets(report),
      outagesAndMaintenance(report, instant),
    ],
  );
}
