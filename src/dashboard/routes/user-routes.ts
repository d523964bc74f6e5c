import { Router } from 'express';
import { principalOf, requireRole } from '../auth.js';
import { NewUserBody, parseBody, UserPatchBody } from '../security/credentials-body.js';
import type { DashboardSecurity } from '../security/dashboard-security.js';

/** `GET|POST /users`, `PATCH /users/:username` (admin). Users defined in the configuration file are read-only here. */
export function userRoutes(security: DashboardSecurity): Router {
  const router = Router();
  router.get('/users', requireRole('admin'), async (_req, res) => {
    res.json({ data: await security.listUsers() });
  });
  router.post('/users', requireRole('admin'), async (req, res) => {
    const body = parseBody(NewUserBody, req.body);
    res.status(201).json({ data: await security.createUser(body, principalOf(req).name) });
  });
  router.patch('/users/:username', requireRole('admin'), async (req, res) => {
    const body = parseBody(UserPatchBody, req.body);
    res.json({ data: await security.updateUser(req.params['username'] as string, body, principalOf(req).name) });
  });
  return router;
}
