import { type TargetFilter, touchesTargets } from './target-filter.js';
import type { TimelineEvent, TimelineWindow } from './timeline-event.js';

/**
 * One occurrence of a maintenance window: a one-off or API window, or one run of a recurring window.
 * The alerter's `MaintenanceOccurrence` has this shape.
 */
export interface MaintenanceSpan {
  readonly name: string;
  readonly targets: readonly string[];
  /** Planned span [start, end) in ms. */
  readonly start: number;
  readonly end: number;
  /** `config` or `api`. */
  readonly source?: string;
  readonly id?: string;
  readonly cron?: string;
  readonly createdBy?: string;
  readonly comment?: string;
  /** A cancelled window is in effect only before this. */
  readonly cancelledAt?: number;
}

/**
 * The occurrences whose planned span overlaps [from, to), recurring windows expanded, config and API
 * windows alike: the alerter's `MaintenanceCalendar.occurrencesBetween` in the running product.
 */
export type MaintenanceLookup = (from: number, to: number) => Promise<readonly MaintenanceSpan[]>;

/**
 * `maintenance_started` / `maintenance_ended` at the edges of each occurrence that fall in the window
 * (the end is the cancellation when earlier), and `maintenance_ongoing` at `from` for one in effect then.
 * A window cancelled before it began never took effect and is left out.
 */
export async function maintenanceEvents(lookup: MaintenanceLookup, window: TimelineWindow, targets: TargetFilter): Promise<TimelineEvent[]> {
  // The lookup's range is half-open; the timeline's window is closed.
  const spans = [...(await lookup(window.from, window.to + 1))].sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
  const inWindow = (at: number): boolean => at >= window.from && at <= window.to;
  const out: TimelineEvent[] = [];
  for (const span of spans) {
    if (!touchesTargets(span.targets, targets)) continue;
    const cancelled = span.cancelledAt !== undefined && span.cancelledAt < span.end;
    const end = cancelled ? (span.cancelledAt as number) : span.end;
    if (end <= span.start) continue;
    const event = (at: number, kind: TimelineEvent['kind'], verb: string): TimelineEvent => ({
      at,
      kind,
      title: `maintenance "${span.name}" ${verb} (${span.targets.join(', ')})`,
      labels: {},
      ...(span.targets.length === 1 ? { target: span.targets[0] as string } : {}),
      details: {
        name: span.name,
        targets: span.targets,
        start: span.start,
        end: span.end,
        ...(span.source === undefined ? {} : { source: span.source }),
        ...(span.id === undefined ? {} : { id: span.id }),
        ...(span.cron === undefined ? {} : { cron: span.cron }),
        ...(span.createdBy === undefined ? {} : { createdBy: span.createdBy }),
        ...(span.comment === undefined ? {} : { comment: span.comment }),
        ...(cancelled ? { cancelledAt: span.cancelledAt } : {}),
      },
    });
    if (span.start < window.from && window.from < end) out.push(event(window.from, 'maintenance_ongoing', `in effect since ${new Date(span.start).toISOString()}`));
    if (inWindow(span.start)) out.push(event(span.start, 'maintenance_started', 'started'));
    if (inWindow(end)) out.push(event(end, 'maintenance_ended', cancelled ? 'cancelled' : 'ended'));
  }
  return out;
}
