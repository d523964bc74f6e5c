import type { Labels, SilenceStore } from '../../core/index.js';
import type { MaintenanceCalendar } from './maintenance-calendar.js';
import { compileSilence, silenceStatus } from './silence-matcher.js';

/** Why an alert is muted, if it is: the silences matching it and the maintenance windows covering its target. */
export interface MuteVerdict {
  readonly muted: boolean;
  /** Ids of the active silences whose matchers all hold. */
  readonly silencedBy: readonly string[];
  /** Names of the maintenance windows in effect on the alert's `target` label. */
  readonly maintenance: readonly string[];
}

/** Silences and maintenance loaded once for one instant, answering for many alerts without I/O. */
export interface MuteSnapshot {
  readonly at: number;
  check(labels: Labels): MuteVerdict;
}

/** The label naming the target an alert is about: the one maintenance windows are matched on. */
export const TARGET_LABEL = 'target';

/**
 * Answers "is this alert muted now, and by what". Muting only answers: evaluation goes on regardless, and
 * the caller decides what a muted alert skips (notifications, incident creation).
 */
export class Muting {
  constructor(
    private readonly deps: {
      readonly calendar: MaintenanceCalendar;
      /** Absent when the store has no silence tables: only maintenance mutes then. */
      readonly silences?: Pick<SilenceStore, 'listSilences'>;
    },
  ) {}

  /** Loads what is in effect at `at`; take one per evaluation cycle rather than one per alert. */
  async snapshot(at: number): Promise<MuteSnapshot> {
    const [silences, windows] = await Promise.all([this.deps.silences?.listSilences(at) ?? [], this.deps.calendar.activeAt(at)]);
    // The store already filters by time; the check is repeated so a store's edge cases cannot mute wrongly.
    const compiled = silences.filter((s) => silenceStatus(s, at) === 'active').map(compileSilence);
    const byTarget = new Map<string, string[]>();
    for (const window of windows) {
      for (const target of window.targets) {
        const names = byTarget.get(target) ?? [];
        if (!names.includes(window.name)) names.push(window.name);
        byTarget.set(target, names);
      }
    }
    return {
      at,
      check(labels) {
        const silencedBy = compiled.filter((c) => c.matches(labels)).map((c) => c.silence.id);
        const target = labels[TARGET_LABEL];
        const maintenance = target === undefined ? [] : (byTarget.get(target) ?? []);
        return { muted: silencedBy.length > 0 || maintenance.length > 0, silencedBy, maintenance: [...maintenance] };
      },
    };
  }

  /** The verdict for one alert at `at`. */
  async isMuted(labels: Labels, at: number): Promise<MuteVerdict> {
    return (await this.snapshot(at)).check(labels);
  }
}
