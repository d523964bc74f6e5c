import { useI18n } from '../../lib/i18n.js';
import type { ComplianceFiguresView } from '../../lib/types.js';
import { formatCompliance } from './report-format.js';
import { Verdict } from './verdict.js';

/** Compliance of each severity or site (rows in the order given). */
export function ComplianceTable({ rows, heading, testId, severities }: { rows: readonly ComplianceFiguresView[]; heading: string; testId: string; severities?: boolean }) {
  const { t, locale } = useI18n();
  if (rows.length === 0) return <p class="muted">{t('reports.none')}</p>;
  return (
    <table class="grid report-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{heading}</th>
          <th class="num">{t('col.incidents')}</th>
          <th class="num">{t('col.withinSla')}</th>
          <th class="num">{t('col.attentionMissed')}</th>
          <th class="num">{t('col.solutionMissed')}</th>
          <th class="num">{t('col.pending')}</th>
          <th class="num">{t('col.compliance')}</th>
          <th>{t('col.verdict')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-key={row.key} class={`${severities ? `sev-row sev-${row.key}` : ''}${row.met === false ? ' missed' : ''}`}>
            <td class="strong">{severities ? <span class="sev-chip">{row.key}</span> : row.key}</td>
            <td class="num">{row.incidents}</td>
            <td class="num">
              {row.withinSla} / {row.decided}
            </td>
            <td class="num">{row.attentionMissed}</td>
            <td class="num">{row.solutionMissed}</td>
            <td class="num">{row.pending}</td>
            <td class="num strong">{formatCompliance(row.compliancePercent, locale)}</td>
            <td>
              <Verdict met={row.met} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
