import { Router } from 'express';
import { createTranslator } from '../content/translate.js';
import type { LiveBot } from './live-bot.js';
import type { BotReloader } from './reload-bot.js';

export interface PreviewStatus {
  live: LiveBot;
  reloader: BotReloader;
}

/**
 * What the preview page polls: which version is live, whether the last edit was refused (and why), and the
 * languages to pick from. Served with the chat page only, so never in production.
 */
export function previewRoutes({ live, reloader }: PreviewStatus): Router {
  const router = Router();
  router.get('/chat/status', (_req, res) => {
    const { content } = live.current;
    const last = reloader.last;
    res.json({
      version: live.version,
      problems: last.status === 'refused' ? last.errors : [],
      heldBack: last.status === 'refused' ? last.heldBack : 0,
      locales: [...content.locales.keys()].map((id) => ({ id, name: createTranslator(content, id)('language.name') || id })),
    });
  });
  router.use('/preview', (req, res, next) => {
    // Only the page's own scripts, by exact name: nothing else in the folder is served.
    if (!/^\/preview-[a-z-]+\.js$/.test(req.path)) return next();
    res.type('text/javascript').sendFile(req.path.slice(1), { root: new URL('./public/', import.meta.url).pathname });
  });
  return router;
}
