import { Router } from 'express';
import type { TargetStatusSource } from '../../core/index.js';
import { targetView } from '../stream/wire-format.js';

/** `GET /targets`: every target with its probes: up/down/unknown, last run, duration, last error. */
export function targetRoutes(source: TargetStatusSource): Router {
  const router = Router();
  router.get('/targets', (_req, res) => {
    const targets = source.targets().sort((a, b) => a.target.localeCompare(b.target));
    const count = (state: string) => targets.filter((t) => t.state === state).length;
    res.json({
      // The same view the live stream sends, so a page can merge both.
      data: targets.map(targetView),
      summary: { targets: targets.length, up: count('up'), down: count('down'), unknown: count('unknown') },
    });
  });
  return router;
}
