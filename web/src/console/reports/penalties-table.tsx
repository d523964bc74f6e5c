import { useI18n } from '../../lib/i18n.js';
import type { PenaltyReportView } from '../../lib/types.js';
import { href } from '../route.js';
import { formatAvailability, formatCompliance, formatMoney, formatPercent } from './report-format.js';
import { largestPenaltyFirst } from './report-order.js';

/** Each site's discounts with the events that caused them (auditable), the cap, and the contract's total. */
export function PenaltiesTable({ penalties }: { penalties: PenaltyReportView }) {
  const { t, locale } = useI18n();
  const money = (amount: number) => formatMoney(amount, penalties.currency, locale);
  return (
    <table class="grid report-table penalties" data-testid="penalties">
      <caption class="muted">
        {t('reports.cap')}: {formatPercent(penalties.capPercent, locale, 2)} {t('reports.ofFee')}
      </caption>
      <thead>
        <tr>
          <th>{t('col.site')}</th>
          <th class="num">{t('col.monthlyFee')}</th>
          <th class="num">{t('col.availability')}</th>
          <th class="num">{t('col.compliance')}</th>
          <th>{t('col.causes')}</th>
          <th class="num">{t('col.beforeCap')}</th>
          <th class="num">{t('col.discount')}</th>
        </tr>
      </thead>
      <tbody>
        {largestPenaltyFirst(penalties.sites).map((site) => (
          <tr key={site.site} data-testid={`penalty-${site.site}`}>
            <td class="strong">{site.site}</td>
            <td class="num">{money(site.monthlyFee)}</td>
            <td class="num">
              {formatAvailability(site.availabilityPercent, locale)}
              {site.availabilityOf === null ? null : (
                <small class="muted block">
                  {t('reports.availabilityOf')} {site.availabilityOf}
                </small>
              )}
            </td>
            <td class="num">{formatCompliance(site.compliancePercent, locale)}</td>
            <td>
              {site.items.length === 0 ? (
                <span class="muted">{t('reports.noDiscount')}</span>
              ) : (
                <ul class="penalty-items">
                  {site.items.map((item, i) => (
                    <li key={i} data-kind={item.kind}>
                      <span class="penalty-reason">
                        {item.incident === null ? item.reason : <IncidentReason reason={item.reason} incident={item.incident} />}
                      </span>
                      <span class="num">{money(item.amount)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td class="num">{money(site.totalBeforeCap)}</td>
            <td class="num strong" data-testid={`penalty-total-${site.site}`}>
              {money(site.total)}
              {site.capped ? <small class="block tone-warn">{t('reports.capped')}</small> : null}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th colSpan={6}>{t('reports.totalDiscount')}</th>
          <td class="num strong" data-testid="penalty-total">
            {money(penalties.total)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** A penalty's reason with its incident number linked to the incident. */
function IncidentReason({ reason, incident }: { reason: string; incident: string }) {
  const at = reason.indexOf(incident);
  if (at < 0)
    return (
      <>
        <a href={href('incidents', incident)}>{incident}</a> {reason}
      </>
    );
  return (
    <>
      {reason.slice(0, at)}
      <a href={href('incidents', incident)}>{incident}</a>
      {reason.slice(at + incident.length)}
    </>
  );
}
