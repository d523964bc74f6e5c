import type { LabelMatcher } from '../selector.js';

/** A silence: alerts matching every matcher send no notification between startsAt and endsAt. */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  /** Set when deleted before its end: the record stays for audit. */
  readonly expiredAt?: number;
}

/** A maintenance window: targets inside it raise no incidents and their downtime is excluded from SLAs. */
export interface MaintenanceWindow {
  readonly id: string;
  readonly name: string;
  /** Target ids covered. */
  readonly targets: readonly string[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly cancelledAt?: number;
}

/** Persistence of silences and maintenance windows. */
export interface SilenceStore {
  createSilence(silence: Omit<Silence, 'id' | 'expiredAt'>): Promise<Silence>;
  /** Silences whose [startsAt, endsAt) contains `at` and that were not expired at or before it; all when omitted. */
  listSilences(at?: number): Promise<Silence[]>;
  /** Ends a silence at `at`; false when it does not exist or already ended. */
  expireSilence(id: string, at: number): Promise<boolean>;
  createMaintenance(window: Omit<MaintenanceWindow, 'id' | 'cancelledAt'>): Promise<MaintenanceWindow>;
  /** Windows overlapping [from, to] (all when omitted), cancelled ones included with `cancelledAt`. */
  listMaintenance(range?: { from: number; to: number }): Promise<MaintenanceWindow[]>;
  cancelMaintenance(id: string, at: number): Promise<boolean>;
}
