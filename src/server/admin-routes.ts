import { Router } from 'express';
import { hasBearerToken } from './bearer-token.js';
import type { ReloadOutcome } from './reload-bot.js';

/**
 * POST /admin/reload publishes edited flows, content and directory without a restart, on every worker.
 * 200 with the live version, or 422 with the errors while the running version stays live.
 */
export function adminRoutes(options: { adminToken: string | undefined; reload: () => Promise<ReloadOutcome> }): Router {
  const router = Router();
  router.post('/admin/reload', async (req, res) => {
    if (!options.adminToken) {
      res.status(403).type('text/plain').send('Publishing is off: set ADMIN_TOKEN to enable it.');
      return;
    }
    if (!hasBearerToken(req.header('Authorization'), options.adminToken)) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text/plain').send('Unauthorised.');
      return;
    }
    const outcome = await options.reload();
    res.status(outcome.status === 'refused' ? 422 : 200).json(outcome);
  });
  return router;
}
