import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { z } from 'zod';
import type { CampaignPreview } from '../campaigns/campaign-previews.js';
import { conversationIdFor } from '../channels/conversation-id.js';
import { channelSchema } from '../conversation/reply.js';
import type { TurnDelivery } from './deliver-turn.js';
import type { Logger } from './logger.js';

const chatMessageSchema = z.object({
  /** A random id the browser keeps, standing in for a phone number. */
  clientId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  channel: channelSchema,
  text: z.string().max(2000),
});

const PAGE = readFileSync(new URL('./public/index.html', import.meta.url), 'utf8');

/** The page's own inline script and style, allowed by hash; nothing else may load or run. */
const PAGE_POLICY = [
  "default-src 'none'",
  `script-src ${inlineHashes('script')}`,
  `style-src ${inlineHashes('style')}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function inlineHashes(tag: 'script' | 'style'): string {
  const blocks = [...PAGE.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
  return blocks.map((block) => `'sha256-${createHash('sha256').update(block).digest('base64')}'`).join(' ') || "'none'";
}

/** The browser preview: the same conversation as SMS or WhatsApp, rendered as the phone would show it. */
export function chatRoutes(options: { idSecret: string; deliverTurn: TurnDelivery; campaigns?: () => CampaignPreview[] }): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    res.type('html').send(PAGE);
  });
  // The picker: each campaign with the words a resident's phone sends after scanning its code.
  router.get('/chat/campaigns', (_req, res) => {
    res.json({ campaigns: options.campaigns?.() ?? [] });
  });
  router.post('/chat/messages', async (req, res) => {
    const parsed = chatMessageSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'Send JSON with clientId, channel (sms or whatsapp) and text (up to 2,000 characters).' });
      return;
    }
    const { clientId, channel, text } = parsed.data;
    const turn = await options.deliverTurn(
      channel,
      { conversationId: conversationIdFor(options.idSecret, channel, `preview:${clientId}`), message: { text } },
      res.locals.log as Logger,
    );
    res.json({ messages: turn.messages.map((m) => ({ ...m, characters: [...m.body].length })) });
  });
  return router;
}
