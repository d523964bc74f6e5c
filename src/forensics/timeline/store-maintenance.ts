import type { SilenceStore } from '../../core/index.js';
import type { MaintenanceLookup } from './maintenance-events.js';

/**
 * A {@link MaintenanceLookup} of the windows created through the API only. Config windows (recurring
 * ones need their cron expanded in the SLA time zone) come from the alerter's maintenance calendar,
 * which the composition root passes instead when it has one.
 */
export function storeMaintenance(store: Pick<SilenceStore, 'listMaintenance'>): MaintenanceLookup {
  return async (from, to) => {
    const windows = await store.listMaintenance({ from, to });
    return windows
      .filter((w) => w.startsAt < to && w.endsAt > from)
      .map((w) => ({
        source: 'api',
        id: w.id,
        name: w.name,
        targets: w.targets,
        start: w.startsAt,
        end: w.endsAt,
        createdBy: w.createdBy,
        comment: w.comment,
        ...(w.cancelledAt === undefined ? {} : { cancelledAt: w.cancelledAt }),
      }));
  };
}
