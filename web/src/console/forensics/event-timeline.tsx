import { useI18n } from '../../lib/i18n.js';
import { StatusIcon } from '../../lib/status-icon.js';
import type { ForensicEventView } from '../../lib/types.js';
import { toneOfKind } from './forensics-logic.js';

/** Props of {@link EventTimeline}. */
export interface EventTimelineProps {
  readonly events: readonly ForensicEventView[];
  /** Indexes of the events marked on the chart. */
  readonly marked?: ReadonlySet<number>;
  readonly onToggle?: (index: number) => void;
}

/** What happened around the window, in order: time, a kind icon and the event's title; a click marks it on the chart. */
export function EventTimeline({ events, marked, onToggle }: EventTimelineProps) {
  const { t, locale } = useI18n();
  if (events.length === 0) return <p class="muted">{t('forensics.noEvents')}</p>;
  const sameDay = new Date(events[0]?.at ?? 0).toDateString() === new Date(events[events.length - 1]?.at ?? 0).toDateString();
  const time = (iso: string) =>
    new Date(iso).toLocaleString(locale, {
      ...(sameDay ? {} : { month: '2-digit', day: '2-digit' }),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
  return (
    <ol class="events" data-testid="forensic-timeline">
      {events.map((event, index) => {
        const tone = toneOfKind(event.kind);
        const content = (
          <>
            <time dateTime={event.at}>{time(event.at)}</time>
            <span class={`tone-${tone}`} title={event.kind}>
              <StatusIcon tone={tone} />
            </span>
            <span class="event-title">
              {event.title}
              <small class="muted"> {event.kind.replace(/_/g, ' ')}</small>
            </span>
          </>
        );
        return (
          <li key={`${event.at}-${index}`} class={marked?.has(index) ? 'marked' : ''}>
            {onToggle === undefined ? (
              <div class="event">{content}</div>
            ) : (
              <button type="button" class="event" aria-pressed={marked?.has(index) ?? false} onClick={() => onToggle(index)} data-testid={`event-${index}`}>
                {content}
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}
