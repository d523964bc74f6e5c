import { useI18n } from '../../lib/i18n.js';
import type { SlaIncidentView } from '../../lib/types.js';
import { href } from '../route.js';
import { formatZoned } from './report-format.js';
import { incidentsByOutcome } from './report-order.js';
import { ClockOutcome } from './verdict.js';

/** The month's incidents with both SLA clocks' outcomes; those out of SLA first. */
export function SlaIncidentsTable({ incidents, timeZone }: { incidents: readonly SlaIncidentView[]; timeZone: string }) {
  const { t } = useI18n();
  if (incidents.length === 0)
    return (
      <p class="muted" data-testid="sla-no-incidents">
        {t('reports.noIncidents')}
      </p>
    );
  return (
    <table class="grid report-table" data-testid="sla-incidents">
      <thead>
        <tr>
          <th>{t('col.severity')}</th>
          <th>{t('col.number')}</th>
          <th>{t('col.title')}</th>
          <th>{t('col.site')}</th>
          <th>{t('col.registered')}</th>
          <th>{t('col.attention')}</th>
          <th>{t('col.solution')}</th>
        </tr>
      </thead>
      <tbody>
        {incidentsByOutcome(incidents).map((incident) => (
          <tr key={incident.number} class={`sev-row sev-${incident.severity}${incident.withinSla === false ? ' missed' : ''}`} data-testid={`sla-incident-${incident.number}`}>
            <td>
              <span class="sev-chip">{incident.severity}</span>
            </td>
            <td class="nowrap">
              <a href={href('incidents', incident.number)}>{incident.number}</a>
            </td>
            <td>{incident.title}</td>
            <td>{incident.site}</td>
            <td class="nowrap tabular">{formatZoned(incident.registeredAt, timeZone)}</td>
            <td data-clock="attention">
              <ClockOutcome outcome={incident.attention} timeZone={timeZone} />
            </td>
            <td data-clock="solution">
              <ClockOutcome outcome={incident.solution} timeZone={timeZone} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
