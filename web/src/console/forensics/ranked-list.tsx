import { useI18n } from '../../lib/i18n.js';
import type { RankedSeriesView } from '../../lib/types.js';
import { describeCorrelation, formatSeriesValue, labelPairs, type SeriesLine } from './forensics-logic.js';
import { Sparkline } from './sparkline.js';

/** Colours of overlaid entries, in the order they were picked (the chart uses the same). */
export const OVERLAY_COLOURS = ['#ffb020', '#3ddc84', '#ff6bcb', '#b48cff', '#ff5a5f', '#4dd8e6', '#c0ca33'] as const;

/** Props of {@link RankedList}. */
export interface RankedListProps {
  readonly entries: readonly RankedSeriesView[];
  /** Keys of the overlaid entries, in the order they were picked. */
  readonly overlaid: readonly string[];
  /** Picks or drops an entry; without it the list is read-only. */
  readonly onToggle?: (entry: RankedSeriesView) => void;
  /** The series of an entry for its sparkline (baseline and window), when sparklines are drawn. */
  readonly lineOf?: (entry: RankedSeriesView) => Promise<SeriesLine> | undefined;
  readonly range?: { readonly from: number; readonly windowFrom: number; readonly to: number };
  readonly testId?: string;
}

/** The ranked series: score bar, method, labels, median change, correlation and a sparkline; a click overlays one. */
export function RankedList({ entries, overlaid, onToggle, lineOf, range, testId }: RankedListProps) {
  const { t, locale } = useI18n();
  const correlated = entries.some((entry) => entry.correlation !== undefined);
  return (
    <table class="grid ranked" data-testid={testId}>
      <thead>
        <tr>
          <th class="num">#</th>
          <th>{t('col.score')}</th>
          <th>{t('col.method')}</th>
          <th>{t('col.series')}</th>
          <th>{t('col.median')}</th>
          {correlated ? <th>{t('col.correlation')}</th> : null}
          {lineOf === undefined ? null : <th>{t('col.shape')}</th>}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const slot = overlaid.indexOf(entry.key);
          const pick = onToggle === undefined ? undefined : () => onToggle(entry);
          const interactive =
            pick === undefined
              ? {}
              : {
                  tabIndex: 0,
                  'aria-pressed': slot >= 0,
                  title: t('forensics.overlayHint'),
                  onClick: pick,
                  onKeyDown: (e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), pick()),
                };
          return (
            <tr key={entry.key} class={`${pick === undefined ? '' : 'pickable '}${slot >= 0 ? `picked pick-${slot % OVERLAY_COLOURS.length}` : ''}`} {...interactive} data-testid={`entry-${entry.rank}`}>
              <td class="num">
                {pick === undefined ? null : <span class="swatch" aria-hidden="true" />}
                {entry.rank}
              </td>
              <td class="score">
                <meter min={0} max={1} low={0.5} high={0.8} optimum={0} value={entry.combined} />
                <span>{entry.combined.toFixed(2)}</span>
              </td>
              <td>
                <span class={`method method-${entry.rankedBy}`}>{t(`method.${entry.rankedBy}`)}</span>
              </td>
              <td class="series">
                <b>{entry.metric}</b>
                {entry.rated ? <small class="muted"> ({t('forensics.rate')})</small> : null}
                <div class="labels">
                  {labelPairs(entry.labels).map((pair) => (
                    <span key={pair} class="chip">
                      {pair}
                    </span>
                  ))}
                </div>
              </td>
              <td class="median">
                {formatSeriesValue(entry.baselineStats.median, entry, locale)} → <b>{formatSeriesValue(entry.windowStats.median, entry, locale)}</b>
              </td>
              {correlated ? <td class="corr">{entry.correlation ? describeCorrelation(entry.correlation, t) : '—'}</td> : null}
              {lineOf === undefined || range === undefined ? null : (
                <td class="spark">
                  <Sparkline
                    line={lineOf(entry)}
                    from={range.from}
                    to={range.to}
                    windowFrom={range.windowFrom}
                    colour={slot >= 0 ? (OVERLAY_COLOURS[slot % OVERLAY_COLOURS.length] as string) : OVERLAY_COLOURS[0]}
                    label={`${entry.metric}: ${t('forensics.baseline')} → ${t('forensics.window')}`}
                  />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
