import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { StoreHealth } from '../../core/index.js';

/** `/healthz` (the process answers), `/readyz` (the store is open and replayed), `/metrics` (Prometheus text). */
export function healthRoutes(store: StoreHealth, registry: Registry): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const ready = store.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting', checks: { store: ready } });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
