import { useState } from 'preact/hooks';
import { byUrgency } from '../lib/countdown.js';
import { SlaCountdown, useNow } from '../lib/countdown-view.js';
import { formatTime } from '../lib/format.js';
import { useI18n } from '../lib/i18n.js';
import type { IncidentView } from '../lib/types.js';
import { href } from './route.js';
import { useApi } from './use-api.js';

/** Incidents, open ones by default (most severe and nearest deadline first). */
export function IncidentsPage() {
  const { t, locale } = useI18n();
  const [openOnly, setOpenOnly] = useState(true);
  const { data, error } = useApi<IncidentView[]>(openOnly ? '/incidents?status=registered,diagnosing&limit=500' : '/incidents?limit=200', 10_000);
  const now = useNow();
  const rows = data === undefined ? undefined : openOnly ? [...data].sort(byUrgency) : data;
  return (
    <section>
      <h1>{t('nav.incidents')}</h1>
      <div class="range-picker">
        <button type="button" class={openOnly ? 'active' : ''} aria-pressed={openOnly} onClick={() => setOpenOnly(true)}>
          {t('incidents.openOnly')}
        </button>
        <button type="button" class={openOnly ? '' : 'active'} aria-pressed={!openOnly} onClick={() => setOpenOnly(false)}>
          {t('incidents.all')}
        </button>
      </div>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {rows === undefined ? (
        <p>{t('loading')}</p>
      ) : rows.length === 0 ? (
        <p class="muted">{t('incidents.none')}</p>
      ) : (
        <table class="grid" data-testid="incidents-table">
          <thead>
            <tr>
              <th>{t('col.severity')}</th>
              <th>{t('col.number')}</th>
              <th>{t('col.title')}</th>
              <th>{t('col.status')}</th>
              <th>{t('col.level')}</th>
              <th>SLA</th>
              <th>{t('col.registered')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((incident) => (
              <tr key={incident.number} class={`sev-row sev-${incident.severity}`} data-testid={`incident-row-${incident.number}`}>
                <td>
                  <span class="sev-chip">{incident.severity}</span>
                </td>
                <td>
                  <a href={href('incidents', incident.number)}>{incident.number}</a>
                </td>
                <td>{incident.title}</td>
                <td>{incident.status}</td>
                <td>{incident.level}</td>
                <td class="clocks">
                  <SlaCountdown incident={incident} clock="attention" now={now} />
                  <SlaCountdown incident={incident} clock="solution" now={now} />
                </td>
                <td>{formatTime(incident.registeredAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
