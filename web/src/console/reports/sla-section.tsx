import { useI18n } from '../../lib/i18n.js';
import type { SlaReportView } from '../../lib/types.js';
import { ComplianceTable } from './compliance-table.js';
import { Figure } from './figure.js';
import { PenaltiesTable } from './penalties-table.js';
import { formatCompliance } from './report-format.js';
import { worstComplianceFirst } from './report-order.js';
import { SlaIncidentsTable } from './sla-incidents-table.js';
import { Verdict } from './verdict.js';

/** The month's SLA compliance: against the target, by severity and site, each incident's clocks, and the penalties. */
export function SlaSection({ report }: { report: SlaReportView }) {
  const { t, locale } = useI18n();
  const totals = report.totals;
  return (
    <section class="report-section" data-testid="sla-report">
      <h2>{t('reports.sla')}</h2>
      <dl class="report-figures">
        <Figure label={t('reports.complianceOf')} testId="compliance-total" wide>
          <span class="big">{formatCompliance(totals.compliancePercent, locale)}</span>
          <span class="against">
            {t('reports.target')} <b data-testid="compliance-target">{formatCompliance(totals.targetPercent, locale)}</b>
          </span>
          <Verdict met={totals.met} testId="compliance-verdict" />
        </Figure>
        <Figure label={t('reports.incidents')} testId="sla-incidents-count">
          {totals.incidents}
        </Figure>
        <Figure label={t('col.withinSla')} testId="sla-within">
          {totals.withinSla} / {totals.decided} {t('reports.decided')}
        </Figure>
        <Figure label={t('col.attentionMissed')} testId="sla-attention-missed">
          {totals.attentionMissed}
        </Figure>
        <Figure label={t('col.solutionMissed')} testId="sla-solution-missed">
          {totals.solutionMissed}
        </Figure>
        <Figure label={t('col.pending')} testId="sla-pending">
          {totals.pending}
        </Figure>
      </dl>
      <div class="report-pair">
        <div>
          <h3>{t('reports.bySeverity')}</h3>
          <ComplianceTable rows={report.bySeverity} heading={t('col.severity')} testId="table-severity" severities />
        </div>
        <div>
          <h3>
            {t('reports.bySite')} <small class="muted">{t('reports.worstFirst')}</small>
          </h3>
          <ComplianceTable rows={worstComplianceFirst(report.bySite)} heading={t('col.site')} testId="table-sla-sites" />
        </div>
      </div>
      <h3>{t('reports.incidents')}</h3>
      <SlaIncidentsTable incidents={report.incidents} timeZone={report.period.timeZone} />
      <h3>{t('reports.penalties')}</h3>
      {report.penalties === null ? <p class="muted">{t('reports.noContract')}</p> : <PenaltiesTable penalties={report.penalties} />}
    </section>
  );
}
