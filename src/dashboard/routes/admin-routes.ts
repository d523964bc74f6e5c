import { Router } from 'express';
import { NocError } from '../../core/index.js';
import { principalOf, requireRole } from '../auth.js';

/** What a configuration reload did. */
export type ReloadOutcome = { readonly ok: true } | { readonly ok: false; readonly errors: readonly string[] };

/** `POST /reload` (admin): re-reads the configuration; an invalid file keeps the running one. */
export function adminRoutes(reload: (requestedBy: string) => Promise<ReloadOutcome>): Router {
  const router = Router();
  router.post('/reload', requireRole('admin'), async (req, res) => {
    const outcome = await reload(principalOf(req).name);
    if (!outcome.ok) {
      throw new NocError('invalid_config', 'the configuration file is invalid; the running configuration was kept', {
        errors: outcome.errors,
      });
    }
    res.json({ status: 'reloaded' });
  });
  return router;
}
