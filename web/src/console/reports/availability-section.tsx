import { useI18n } from '../../lib/i18n.js';
import { StatusIcon } from '../../lib/status-icon.js';
import type { AvailabilityReportView, GroupAvailabilityView, ServiceAvailabilityView, TargetAvailabilityView } from '../../lib/types.js';
import { href } from '../route.js';
import { AvailabilityTable, type LeadColumns } from './availability-table.js';
import { Figure } from './figure.js';
import { formatAvailability, formatDuration } from './report-format.js';
import { Verdict } from './verdict.js';

/** The month's availability: all targets against the target, the error budget, then each service, site, role and target. */
export function AvailabilitySection({ report }: { report: AvailabilityReportView }) {
  const { t, locale } = useI18n();
  const totals = report.totals;
  const overspent = totals.errorBudgetLeftSeconds < 0;
  const optional = (seconds: number | null) => (seconds === null ? '—' : formatDuration(seconds));
  const require = (service: ServiceAvailabilityView) =>
    service.require === 'all' ? t('reports.require.all') : service.require === 'any' ? t('reports.require.any') : `${service.require} ${t('reports.require.of')}`;

  const services: LeadColumns<ServiceAvailabilityView> = {
    headings: [t('col.service'), t('col.site'), t('col.members')],
    nameOf: (row) => row.service,
    cells: (row) => (
      <>
        <td class="strong">{row.service}</td>
        <td>{row.site ?? '—'}</td>
        <td class="members">
          {require(row)} {row.members.join(', ')}
        </td>
      </>
    ),
  };
  const group = (heading: string): LeadColumns<GroupAvailabilityView> => ({
    headings: [heading, t('col.targets')],
    nameOf: (row) => row.key,
    cells: (row) => (
      <>
        <td class="strong">{row.key}</td>
        <td class="tabular">{row.targets}</td>
      </>
    ),
  });
  const targets: LeadColumns<TargetAvailabilityView> = {
    headings: [t('col.target'), t('col.role'), t('col.site')],
    nameOf: (row) => row.target,
    cells: (row) => (
      <>
        <td class="strong">
          <a href={href('targets', row.target)}>{row.target}</a>
        </td>
        <td>{row.role}</td>
        <td>{row.site}</td>
      </>
    ),
  };

  return (
    <section class="report-section" data-testid="availability-report">
      <h2>{t('reports.availability')}</h2>
      <dl class="report-figures">
        <Figure label={`${t('reports.availability')} · ${t('reports.allTargets')} (${totals.targets})`} testId="avail-total" wide>
          <span class="big">{formatAvailability(totals.availabilityPercent, locale)}</span>
          <span class="against">
            {t('reports.target')} <b data-testid="avail-target">{formatAvailability(totals.targetPercent, locale)}</b>
          </span>
          <Verdict met={totals.met} testId="avail-verdict" />
        </Figure>
        <Figure label={t('reports.allowedDowntime')} testId="allowed-downtime">
          {formatDuration(totals.allowedDowntimeSeconds)}
        </Figure>
        <Figure label={t('reports.budgetLeft')} testId="budget-left" {...(overspent ? { hint: `${t('reports.overspent')} ${formatDuration(-totals.errorBudgetLeftSeconds)}` } : {})}>
          <span class={overspent ? 'tone-down' : 'tone-met'}>
            <StatusIcon tone={overspent ? 'down' : 'met'} /> {formatDuration(totals.errorBudgetLeftSeconds)}
          </span>
        </Figure>
        <Figure label={t('reports.down')} testId="down-time">
          {formatDuration(totals.downSeconds)}
        </Figure>
        <Figure label={t('reports.unknown')} testId="unknown-time" hint={t('reports.unknownHint')}>
          {formatDuration(totals.unknownSeconds)}
        </Figure>
        <Figure label={t('reports.maintenance')} testId="maintenance-time">
          {formatDuration(totals.maintenanceSeconds)}
        </Figure>
        <Figure label={t('reports.outages')} testId="outages">
          {totals.outages}
        </Figure>
        <Figure label={t('reports.mttr')} testId="mttr">
          {optional(totals.mttrSeconds)}
        </Figure>
        <Figure label={t('reports.mtbf')} testId="mtbf">
          {optional(totals.mtbfSeconds)}
        </Figure>
      </dl>
      <h3>
        {t('reports.services')} <small class="muted">{t('reports.worstFirst')}</small>
      </h3>
      <AvailabilityTable rows={report.services} lead={services} testId="table-services" />
      <h3>
        {t('reports.sites')} <small class="muted">{t('reports.worstFirst')}</small>
      </h3>
      <AvailabilityTable rows={report.sites} lead={group(t('col.site'))} testId="table-sites" />
      <h3>
        {t('reports.roles')} <small class="muted">{t('reports.worstFirst')}</small>
      </h3>
      <AvailabilityTable rows={report.roles} lead={group(t('col.role'))} testId="table-roles" />
      <h3>
        {t('reports.targets')} <small class="muted">{t('reports.worstFirst')}</small>
      </h3>
      <AvailabilityTable rows={report.targets} lead={targets} testId="table-targets" />
    </section>
  );
}
