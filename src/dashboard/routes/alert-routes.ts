import { Router } from 'express';
import type { ActiveAlert } from '../../alerter/index.js';

/** Where the alert list comes from. */
export interface AlertSource {
  active(): ActiveAlert[];
}

/** `GET /alerts`: every alert now pending or firing, firing first, then the longest-standing. */
export function alertRoutes(source: AlertSource): Router {
  const router = Router();
  router.get('/alerts', (_req, res) => {
    const alerts = source
      .active()
      .sort((a, b) => (a.status === b.status ? a.since - b.since : a.status === 'firing' ? -1 : 1))
      .map((alert) => ({ ...alert, since: new Date(alert.since).toISOString() }));
    res.json({ data: alerts, summary: { firing: alerts.filter((a) => a.status === 'firing').length, pending: alerts.filter((a) => a.status === 'pending').length } });
  });
  return router;
}
