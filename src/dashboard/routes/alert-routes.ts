import { Router } from 'express';
import type { Clock, Labels } from '../../core/index.js';
import type { ActiveAlert, MuteSnapshot, MuteVerdict } from '../../alerter/index.js';

/** Where the alert list comes from. */
export interface AlertSource {
  active(): ActiveAlert[];
}

/** What the alert list needs besides the alerts: the muting in effect now, when silences or maintenance exist. */
export interface AlertRoutesDeps {
  readonly clock: Clock;
  readonly mute?: (at: number) => Promise<MuteSnapshot>;
}

/** The verdict that mutes an alert: its own, or that of the alert that explains it (muted with it). */
function mutedBy(snapshot: MuteSnapshot | undefined, labels: Labels, inhibitedBy: Labels | undefined): MuteVerdict | undefined {
  if (snapshot === undefined) return undefined;
  return [labels, inhibitedBy].flatMap((l) => (l === undefined ? [] : [snapshot.check(l)])).find((verdict) => verdict.muted);
}

/**
 * `GET /alerts`: every alert now pending or firing, firing first, then the longest-standing; each with the
 * incident it belongs to, what inhibits or holds it, and the silences or maintenance windows muting it.
 */
export function alertRoutes(source: AlertSource, deps: AlertRoutesDeps): Router {
  const router = Router();
  router.get('/alerts', async (_req, res) => {
    const snapshot = await deps.mute?.(deps.clock.now());
    const alerts = source
      .active()
      .sort((a, b) => (a.status === b.status ? a.since - b.since : a.status === 'firing' ? -1 : 1))
      .map((alert) => {
        const verdict = mutedBy(snapshot, alert.labels, alert.inhibitedBy);
        return {
          ...alert,
          since: new Date(alert.since).toISOString(),
          muted: verdict === undefined ? false : { silencedBy: verdict.silencedBy, maintenance: verdict.maintenance },
        };
      });
    const count = (test: (alert: (typeof alerts)[number]) => boolean) => alerts.filter(test).length;
    res.json({
      data: alerts,
      summary: { firing: count((a) => a.status === 'firing'), pending: count((a) => a.status === 'pending'), muted: count((a) => a.muted !== false) },
    });
  });
  return router;
}
