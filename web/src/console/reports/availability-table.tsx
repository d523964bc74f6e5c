import type { ComponentChildren } from 'preact';
import { useI18n } from '../../lib/i18n.js';
import type { AvailabilityFiguresView } from '../../lib/types.js';
import { formatAvailability, formatDuration } from './report-format.js';
import { worstAvailabilityFirst } from './report-order.js';
import { Verdict } from './verdict.js';

/** The leading columns of an availability table: their headings, each row's cells and name. */
export interface LeadColumns<T> {
  readonly headings: readonly string[];
  readonly cells: (row: T) => ComponentChildren;
  readonly nameOf: (row: T) => string;
}

/** Services, sites, roles or targets with their month's figures, worst availability first. */
export function AvailabilityTable<T extends AvailabilityFiguresView>({ rows, lead, testId }: { rows: readonly T[]; lead: LeadColumns<T>; testId: string }) {
  const { t, locale } = useI18n();
  if (rows.length === 0) return <p class="muted">{t('reports.none')}</p>;
  return (
    <table class="grid report-table" data-testid={testId}>
      <thead>
        <tr>
          {lead.headings.map((heading) => (
            <th key={heading}>{heading}</th>
          ))}
          <th class="num">{t('col.availability')}</th>
          <th>{t('col.verdict')}</th>
          <th class="num">{t('col.down')}</th>
          <th class="num">{t('col.unknown')}</th>
          <th class="num">{t('col.maintenance')}</th>
          <th class="num">{t('col.outages')}</th>
        </tr>
      </thead>
      <tbody>
        {worstAvailabilityFirst(rows, lead.nameOf).map((row) => (
          <tr key={lead.nameOf(row)} data-key={lead.nameOf(row)} class={row.met === false ? 'missed' : ''}>
            {lead.cells(row)}
            <td class="num strong">{formatAvailability(row.availabilityPercent, locale)}</td>
            <td>
              <Verdict met={row.met} />
            </td>
            <td class="num">{formatDuration(row.downSeconds)}</td>
            <td class="num">{formatDuration(row.unknownSeconds)}</td>
            <td class="num">{formatDuration(row.maintenanceSeconds)}</td>
            <td class="num">{row.outages}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
