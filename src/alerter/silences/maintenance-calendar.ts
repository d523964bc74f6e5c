import type { MaintenanceWindow as MaintenanceWindowConfig } from '../../config/index.js';
import type { Logger, MaintenanceWindow, SilenceStore } from '../../core/index.js';
import { type CronSchedule, cronSchedule } from './cron-schedule.js';

/** Where a maintenance window comes from: the config file (`maintenance`) or the HTTP API (the store). */
export type MaintenanceSource = 'config' | 'api';

/** One occurrence of a maintenance window: a one-off window, one run of a recurring one, or an API window. */
export interface MaintenanceOccurrence {
  readonly source: MaintenanceSource;
  readonly name: string;
  readonly targets: readonly string[];
  /** Planned span [start, end) in ms since the epoch. */
  readonly start: number;
  readonly end: number;
  /** The store's id (API windows only): what `DELETE /maintenance/:id` takes. */
  readonly id?: string;
  /** The recurring window's expression (config windows with `cron` only). */
  readonly cron?: string;
  readonly createdBy?: string;
  readonly comment?: string;
  /** When an API window was cancelled; it is in effect only before this. */
  readonly cancelledAt?: number;
}

/** A span during which one target was in maintenance, for the availability reports. */
export interface MaintenanceInterval {
  readonly target: string;
  readonly start: number;
  readonly end: number;
  readonly source: MaintenanceSource;
  readonly name: string;
  readonly id?: string;
}

/** The configured windows and the zone their cron expressions are read in (`sla.timezone`). */
export interface MaintenanceCalendarConfig {
  readonly windows: readonly MaintenanceWindowConfig[];
  readonly timeZone: string;
}

/** What the calendar reads: the current config (read per call, so a reload applies) and the API windows. */
export interface MaintenanceCalendarDeps {
  readonly config: () => MaintenanceCalendarConfig;
  /** Absent when the store has no silence tables: only config windows apply then. */
  readonly store?: Pick<SilenceStore, 'listMaintenance'>;
  readonly log?: Logger;
}

interface CompiledWindow {
  readonly window: MaintenanceWindowConfig;
  readonly schedule?: CronSchedule;
}

/** A window created through the API, as an occurrence. */
export function apiOccurrence(window: MaintenanceWindow): MaintenanceOccurrence {
  return {
    source: 'api',
    id: window.id,
    name: window.name,
    targets: window.targets,
    start: window.startsAt,
    end: window.endsAt,
    createdBy: window.createdBy,
    comment: window.comment,
    ...(window.cancelledAt === undefined ? {} : { cancelledAt: window.cancelledAt }),
  };
}

/** The end of an occurrence's effect: its planned end, or its cancellation if earlier. */
export function effectiveEnd(occurrence: MaintenanceOccurrence): number {
  return occurrence.cancelledAt === undefined ? occurrence.end : Math.min(occurrence.end, occurrence.cancelledAt);
}

/**
 * Which maintenance windows are in effect when: config windows (one-off `start`/`end`, or recurring
 * `cron` + `duration`, the cron read in the SLA time zone) and windows created through the API.
 * A recurring window is in effect at `at` when one of its occurrences o has o <= at < o + duration.
 */
export class MaintenanceCalendar {
  private compiled?: { readonly windows: readonly MaintenanceWindowConfig[]; readonly timeZone: string; readonly list: readonly CompiledWindow[] };

  constructor(private readonly deps: MaintenanceCalendarDeps) {}

  /** Occurrences whose planned span overlaps [from, to), cancelled API windows included; by start. */
  async occurrencesBetween(from: number, to: number): Promise<MaintenanceOccurrence[]> {
    const out = this.configOccurrences(from, to);
    if (this.deps.store !== undefined) {
      // The store's range is closed; the calendar's spans are half-open like everything else here.
      for (const w of await this.deps.store.listMaintenance({ from, to })) {
        if (w.startsAt < to && w.endsAt > from) out.push(apiOccurrence(w));
      }
    }
    return out.sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
  }

  /** Occurrences in effect at `at` (cancellation considered). */
  async activeAt(at: number): Promise<MaintenanceOccurrence[]> {
    const candidates = await this.occurrencesBetween(at, at + 1);
    return candidates.filter((o) => o.start <= at && at < effectiveEnd(o));
  }

  /** Names of the windows covering `target` at `at`. */
  async windowsAt(target: string, at: number): Promise<string[]> {
    const active = await this.activeAt(at);
    return [...new Set(active.filter((o) => o.targets.includes(target)).map((o) => o.name))];
  }

  /**
   * One interval per target and occurrence in effect at some point of [from, to), for the availability
   * reports: ends are cut at cancellation but not clipped to the range, and intervals may overlap.
   */
  async windowsBetween(from: number, to: number): Promise<MaintenanceInterval[]> {
    const out: MaintenanceInterval[] = [];
    for (const o of await this.occurrencesBetween(from, to)) {
      const end = effectiveEnd(o);
      if (end <= o.start || end <= from) continue;
      for (const target of o.targets) {
        out.push({ target, start: o.start, end, source: o.source, name: o.name, ...(o.id === undefined ? {} : { id: o.id }) });
      }
    }
    return out;
  }

  private configOccurrences(from: number, to: number): MaintenanceOccurrence[] {
    const out: MaintenanceOccurrence[] = [];
    for (const { window, schedule } of this.compile()) {
      const base = { source: 'config' as const, name: window.name, targets: window.targets };
      if (schedule !== undefined && window.duration !== undefined) {
        const duration = window.duration;
        // Occurrences that started up to `duration` before `from` still cover it.
        for (const start of schedule.occurrences(from - duration + 1, to)) {
          out.push({ ...base, start, end: start + duration, cron: schedule.expression });
        }
      } else if (window.start !== undefined && window.end !== undefined && window.start < to && window.end > from) {
        out.push({ ...base, start: window.start, end: window.end });
      }
    }
    return out;
  }

  /** Cron expressions are compiled once per configuration: a reload hands over new arrays. */
  private compile(): readonly CompiledWindow[] {
    const { windows, timeZone } = this.deps.config();
    if (this.compiled?.windows === windows && this.compiled.timeZone === timeZone) return this.compiled.list;
    const list = windows.flatMap((window): CompiledWindow[] => {
      if (window.cron === undefined) return [{ window }];
      try {
        return [{ window, schedule: cronSchedule(window.cron, timeZone) }];
      } catch (error) {
        // The schema checks crons with node-cron at load; still, one bad window must not stop muting by the others.
        this.deps.log?.error({ err: error, window: window.name }, 'maintenance window ignored: invalid cron expression');
        return [];
      }
    });
    this.compiled = { windows, timeZone, list };
    return list;
  }
}
