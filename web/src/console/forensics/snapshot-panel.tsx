import { useI18n } from '../../lib/i18n.js';
import type { ForensicSnapshotView } from '../../lib/types.js';
import { forensicsHref } from '../route.js';
import { formatWhen } from './forensics-logic.js';
import { RankedList } from './ranked-list.js';

/** Entries of the frozen analysis shown on the incident page; the full list is one click away. */
const SHOWN = 5;

/** The forensic snapshot frozen when the incident opened: its top entries and a link to the full analysis. */
export function SnapshotPanel({ number, snapshot }: { number: string; snapshot: ForensicSnapshotView | undefined }) {
  const { t, locale } = useI18n();
  const link = (
    <a href={forensicsHref({ incident: number })} class="button-link" data-testid="open-forensics">
      {t('snapshot.open')}
    </a>
  );
  return (
    <div class="snapshot" data-testid="forensic-snapshot">
      <h2>
        {t('snapshot.title')}
        {snapshot ? (
          <small class="muted">
            {' '}
            {t('snapshot.taken')} {formatWhen(snapshot.takenAt, locale)} · {t('forensics.window')} {formatWhen(snapshot.window.from, locale)} → {formatWhen(snapshot.window.to, locale)}
          </small>
        ) : null}
      </h2>
      {snapshot === undefined ? (
        <p class="muted">{t('snapshot.none')}</p>
      ) : snapshot.entries.length === 0 ? (
        <p class="muted">{t('forensics.none')}</p>
      ) : (
        <RankedList entries={snapshot.entries.slice(0, SHOWN)} overlaid={[]} testId="snapshot-list" />
      )}
      <p>
        {link}
        {snapshot && snapshot.timeline.length > 0 ? (
          <span class="muted">
            {' '}
            · {snapshot.timeline.length} {t('snapshot.events')}
          </span>
        ) : null}
      </p>
    </div>
  );
}
