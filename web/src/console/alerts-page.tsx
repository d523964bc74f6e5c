import { formatTime } from '../lib/format.js';
import { useI18n } from '../lib/i18n.js';
import { StatusIcon } from '../lib/status-icon.js';
import type { AlertView } from '../lib/types.js';
import { href } from './route.js';
import { useApi } from './use-api.js';

/** Alerts now firing or pending. */
export function AlertsPage() {
  const { t, locale } = useI18n();
  const { data, error } = useApi<AlertView[]>('/alerts', 10_000);
  return (
    <section>
      <h1>{t('nav.alerts')}</h1>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {data === undefined ? (
        <p>{t('loading')}</p>
      ) : data.length === 0 ? (
        <p class="tone-up">
          <StatusIcon tone="up" /> {t('alerts.none')}
        </p>
      ) : (
        <table class="grid" data-testid="alerts-table">
          <thead>
            <tr>
              <th>{t('col.status')}</th>
              <th>{t('col.rule')}</th>
              <th>{t('col.labels')}</th>
              <th>{t('col.since')}</th>
              <th>{t('col.value')}</th>
              <th>{t('col.incident')}</th>
              <th>{t('col.muted')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((alert) => (
              <tr key={alert.fingerprint + JSON.stringify(alert.labels)}>
                <td>
                  <span class={`state ${alert.status === 'firing' ? 'tone-down' : 'tone-warn'}`}>
                    <StatusIcon tone={alert.status === 'firing' ? 'down' : 'warn'} /> {t(alert.status === 'firing' ? 'alerts.firing' : 'alerts.pending')}
                  </span>
                  {alert.flapping ? <small> · {t('alerts.flapping')}</small> : null}
                </td>
                <td>{alert.rule}</td>
                <td class="labels">
                  {Object.entries(alert.labels).map(([name, value]) => (
                    <span class="chip" key={name}>
                      {name}={value}
                    </span>
                  ))}
                </td>
                <td>{formatTime(alert.since, locale)}</td>
                <td>{alert.value ?? '—'}</td>
                <td>{alert.incident && /^[A-Z]+-\d{4}-\d+$/.test(alert.incident) ? <a href={href('incidents', alert.incident)}>{alert.incident}</a> : (alert.incident ?? '—')}</td>
                <td>{alert.muted ? [...alert.muted.silencedBy, ...alert.muted.maintenance].join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
