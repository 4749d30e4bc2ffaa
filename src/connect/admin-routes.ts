import express from 'express';
import { z } from 'zod';
import { callbackStatusSchema } from '../callbacks/callback-request.js';
import type { CallbackService } from '../callbacks/callback-service.js';
import { sameSecret } from './sessions.js';

const query = z.object({
  status: callbackStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * GET /admin/callbacks?status=new: requests as JSON for a council's own case system (Bearer ADMIN_TOKEN).
 * Never the number or the name: those are shown only in the inbox, where each reveal is logged.
 */
export function adminRoutes(options: { callbacks: CallbackService; adminToken?: string; publicBaseUrl: string }) {
  const router = express.Router();
  router.get('/admin/callbacks', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!options.adminToken) {
      res.status(403).json({ error: 'The admin API is off: set ADMIN_TOKEN to enable it.' });
      return;
    }
    const given = /^Bearer (.+)$/.exec(req.header('Authorization') ?? '')?.[1] ?? '';
    if (!sameSecret(given, options.adminToken)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'A valid Bearer token is required.' });
      return;
    }
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ error: 'status must be one of new, contacted, closed, withdrawn; limit 1 to 1000; offset 0 or more.' });
      return;
    }
    const { status, limit, offset } = parsed.data;
    const { requests, total } = await (await options.callbacks.records()).list({ ...(status ? { status } : {}), limit, offset, names: false });
    res.json({
      total,
      requests: requests.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        status: r.status,
        method: r.method,
        bestTime: r.bestTime,
        topic: r.topic,
        locale: r.locale,
        channel: r.channel,
        closedAt: r.closedAt?.toISOString() ?? null,
        notifications: r.notifications,
        inboxUrl: `${options.publicBaseUrl}/connect/requests/${r.id}`,
      })),
    });
  });
  return router;
}
