import { Router } from 'express';
import { requireAdminToken } from './bearer-token.js';
import type { ReloadOutcome } from './reload-bot.js';

/**
 * POST /admin/reload publishes edited flows, content and directory without a restart, on every worker.
 * 200 with the live version, or 422 with the errors while the running version stays live.
 */
export function adminRoutes(options: { adminToken: string | undefined; reload: () => Promise<ReloadOutcome> }): Router {
  const router = Router();
  router.post('/admin/reload', requireAdminToken(options.adminToken, 'Publishing is off: set ADMIN_TOKEN to enable it.'), async (_req, res) => {
    const outcome = await options.reload();
    res.status(outcome.status === 'refused' ? 422 : 200).json(outcome);
  });
  return router;
}
