import { useI18n } from '../lib/i18n.js';
import type { TargetView } from '../lib/types.js';
import { href } from './route.js';
import { StateBadge } from './state-badge.js';
import { useApi } from './use-api.js';

/** Every target with its state and probes. */
export function TargetsPage() {
  const { t } = useI18n();
  const { data, error } = useApi<TargetView[]>('/targets', 10_000);
  return (
    <section>
      <h1>{t('nav.targets')}</h1>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {data === undefined ? (
        <p>{t('loading')}</p>
      ) : (
        <table class="grid" data-testid="targets-table">
          <thead>
            <tr>
              <th>{t('col.state')}</th>
              <th>{t('col.target')}</th>
              <th>{t('col.role')}</th>
              <th>{t('col.site')}</th>
              <th>{t('col.probes')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((target) => (
              <tr key={target.target} data-testid={`target-row-${target.target}`}>
                <td>
                  <StateBadge state={target.state} />
                </td>
                <td>
                  <a href={href('targets', target.target)}>{target.target}</a>
                </td>
                <td>{target.role}</td>
                <td>{target.site}</td>
                <td class="probes">
                  {target.probes.map((probe) => (
                    <span key={probe.probe} class={`chip tone-${probe.state}`} title={probe.lastError ?? ''}>
                      {probe.probe}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
