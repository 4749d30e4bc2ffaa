import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { HOME_FLOW } from '../bot.js';
import { createTranslator } from '../content/translate.js';
import { toMermaid } from '../flow/flow-diagram.js';
import { buildFlowGraph } from '../flow/flow-graph.js';
import type { LiveBot } from './live-bot.js';
import type { BotReloader } from './reload-bot.js';

export interface PreviewStatus {
  live: LiveBot;
  reloader: BotReloader;
}

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
/** Mermaid is a development dependency: served from node_modules, never a CDN, and absent in production images. */
const MERMAID = (() => {
  try {
    const path = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * What the preview page needs beyond the chat itself: which version is live and whether the last edit was
 * refused (and why), the languages, the current flow as a diagram, and its own scripts. Served with the chat
 * page only, so never in production.
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
  router.get('/chat/diagram', (req, res) => {
    const { flows, content } = live.current;
    const at = typeof req.query.at === 'string' && flows.steps.has(req.query.at) ? req.query.at : undefined;
    // Before the first message the conversation is about to enter the home flow.
    const flow = at ? flows.steps.get(at)!.flow : HOME_FLOW;
    const locale = typeof req.query.locale === 'string' && content.locales.has(req.query.locale) ? req.query.locale : content.defaultLocale;
    const words = createTranslator(content, locale);
    res.json({ flow, at: at ?? null, mermaid: toMermaid(buildFlowGraph(flows, flow, (key) => words(key)), at) });
  });
  router.get('/preview/vendor/mermaid.min.js', (_req, res) => {
    if (!MERMAID) {
      res.status(404).type('text/plain').send('Mermaid is not installed (npm ci installs it for development).');
      return;
    }
    res.type('text/javascript').sendFile(MERMAID);
  });
  router.use('/preview', (req, res, next) => {
    // Only the page's own files, by exact name: nothing else in the folder is served.
    if (!/^\/preview-[a-z-]+\.(js|css)$/.test(req.path)) return next();
    res.sendFile(req.path.slice(1), { root: PUBLIC_DIR });
  });
  return router;
}
