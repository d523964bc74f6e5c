import type { ClockOutcome, ComplianceFigures, PenaltyItem, PenaltyReport, SitePenalty, SlaIncident, SlaReport } from '../report-model.js';
import { formatDuration, formatMoney, formatPercent, instantFormatter, NO_VALUE, plainNumber } from './format-report-values.js';
import { html, type HtmlValue, type SafeHtml } from './html-escape.js';
import { type Column, facts, reportPage, section, stateWord, table } from './html-page.js';
import { reportHeader } from './report-header.js';

type Instant = (iso: string) => string;

const PENALTY_KINDS: Readonly<Record<PenaltyItem['kind'], string>> = {
  availability: 'availability below target',
  compliance: 'compliance below target',
  attention_missed: 'attention missed',
  solution_missed: 'solution missed',
};

function complianceState(met: boolean | null): SafeHtml {
  if (met === null) return html`nothing decided`;
  return stateWord(met ? 'met' : 'missed', !met);
}

function complianceTable(label: string, rows: readonly ComplianceFigures[], empty: string): SafeHtml {
  const columns: Column[] = [
    { label },
    { label: 'Incidents', numeric: true },
    { label: 'Decided', numeric: true },
    { label: 'Within SLA', numeric: true },
    { label: 'Attention missed', numeric: true },
    { label: 'Solution missed', numeric: true },
    { label: 'Pending', numeric: true },
    { label: 'Compliance', numeric: true },
    { label: 'Target', numeric: true },
    { label: 'State' },
  ];
  return table(
    columns,
    rows.map((row) => [
      row.key,
      String(row.incidents),
      String(row.decided),
      String(row.withinSla),
      String(row.attentionMissed),
      String(row.solutionMissed),
      String(row.pending),
      formatPercent(row.compliancePercent),
      formatPercent(row.targetPercent),
      complianceState(row.met),
    ]),
    { empty },
  );
}

function compliance(report: SlaReport): SafeHtml {
  const totals = report.totals;
  return section(
    'Compliance',
    html`${facts([
      ['Compliance', html`${formatPercent(totals.compliancePercent)} against a target of ${formatPercent(totals.targetPercent)}: ${complianceState(totals.met)}`],
      ['Incidents registered', String(totals.incidents)],
      ['Decided', String(totals.decided)],
      ['Within SLA', String(totals.withinSla)],
      ['Attention missed', String(totals.attentionMissed)],
      ['Solution missed', String(totals.solutionMissed)],
      ['Pending (clocks still running)', String(totals.pending)],
    ])}<p class="note">Compliance is the share of decided incidents whose attention and solution were both within their severity's times; pending incidents count once decided.</p>
<h3>By severity</h3>
${complianceTable('Severity', report.bySeverity, 'No incidents.')}<h3>By site</h3>
${complianceTable('Site', report.bySite, 'No incidents.')}`,
  );
}

/** A clock's outcome in words, with the durations an auditor checks. */
function clockCell(clock: ClockOutcome, instant: Instant): SafeHtml {
  const allowed = formatDuration(clock.allowedSeconds);
  if (clock.state === 'met') return html`met<br>took ${formatDuration(clock.tookSeconds)} of ${allowed}`;
  if (clock.state === 'pending') return html`pending<br>due ${instant(clock.due)}`;
  const late = formatDuration(clock.lateSeconds);
  if (clock.tookSeconds === null) return html`${stateWord('missed', true)}<br>still running, ${late} late so far (allowed ${allowed})`;
  return html`${stateWord('missed', true)}<br>took ${formatDuration(clock.tookSeconds)} of ${allowed}, ${late} late`;
}

function withinSla(value: boolean | null): SafeHtml {
  if (value === null) return html`pending`;
  return stateWord(value ? 'yes' : 'no', !value);
}

function incidents(report: SlaReport, instant: Instant): SafeHtml {
  const columns: Column[] = [
    { label: 'Number' },
    { label: 'Title' },
    { label: 'Severity' },
    { label: 'Site' },
    { label: 'Status' },
    { label: 'Registered' },
    { label: 'Attention' },
    { label: 'Solution' },
    { label: 'Within SLA' },
  ];
  return section(
    'Incidents',
    table(
      columns,
      report.incidents.map((incident: SlaIncident): HtmlValue[] => [
        incident.number,
        incident.title,
        incident.severity,
        incident.site,
        incident.status,
        instant(incident.registeredAt),
        clockCell(incident.attention, instant),
        clockCell(incident.solution, instant),
        withinSla(incident.withinSla),
      ]),
      { empty: 'No incidents were registered in the month.' },
    ),
  );
}

function sitePenalty(site: SitePenalty, penalties: PenaltyReport): SafeHtml {
  const money = (amount: number): string => formatMoney(amount, penalties.currency);
  const footer: HtmlValue[][] = [['', '', 'Total before cap', money(site.totalBeforeCap)]];
  footer.push(['', '', site.capped ? `Discount (capped at ${plainNumber(penalties.capPercent, 4)} % of the fee)` : 'Discount', money(site.total)]);
  return html`<div class="block">
<h3>Site ${site.site}</h3>
${facts([
  ['Monthly fee', money(site.monthlyFee)],
  [site.availabilityOf === null ? "Availability (all the site's targets)" : `Availability (service ${site.availabilityOf})`, formatPercent(site.availabilityPercent)],
  ['Compliance', formatPercent(site.compliancePercent)],
])}${table(
  [{ label: 'Kind' }, { label: 'Incident' }, { label: 'Reason' }, { label: 'Amount', numeric: true }],
  site.items.map((item) => [PENALTY_KINDS[item.kind], item.incident ?? NO_VALUE, item.reason, money(item.amount)]),
  { empty: 'No discounts.', footer: site.items.length === 0 ? [] : footer },
)}</div>
`;
}

function penalties(report: SlaReport): SafeHtml {
  const contract = report.penalties;
  if (contract === null) return section('Penalties', html`<p class="note">No contract is configured (sla.contract): no penalties are computed.</p>\n`);
  const money = (amount: number): string => formatMoney(amount, contract.currency);
  const overview = table(
    [
      { label: 'Site' },
      { label: 'Monthly fee', numeric: true },
      { label: 'Availability', numeric: true },
      { label: 'Compliance', numeric: true },
      { label: 'Items', numeric: true },
      { label: 'Before cap', numeric: true },
      { label: 'Discount', numeric: true },
      { label: 'Capped' },
    ],
    contract.sites.map((site) => [
      site.site,
      money(site.monthlyFee),
      formatPercent(site.availabilityPercent),
      formatPercent(site.compliancePercent),
      String(site.items.length),
      money(site.totalBeforeCap),
      money(site.total),
      site.capped ? html`<span class="state-over">capped</span>` : 'no',
    ]),
    { empty: 'The contract lists no sites.', footer: [['Total', '', '', '', '', '', money(contract.total), '']] },
  );
  return section(
    'Penalties',
    html`${facts([
      ['Total discounts', money(contract.total)],
      ['Cap per site', `${plainNumber(contract.capPercent, 4)} % of the monthly fee`],
    ])}${overview}${contract.sites.map((site) => sitePenalty(site, contract))}`,
  );
}

/**
 * The SLA compliance report as one self-contained printable HTML page: header, compliance against the
 * target (totals, by severity, by site), every incident's clocks, and each site's penalties with the
 * events that caused them. Instants print in the report's time zone.
 */
export function slaHtml(report: SlaReport): string {
  const instant = instantFormatter(report.period.timeZone);
  return reportPage(`SLA compliance report ${report.period.month} (${report.period.timeZone})`, [
    reportHeader('SLA compliance report', report, instant),
    compliance(report),
    incidents(report, instant),
    penalties(report),
  ]);
}
