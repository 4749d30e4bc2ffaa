import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { z } from 'zod';
import type { CampaignPreview } from '../campaigns/campaign-previews.js';
import { conversationIdFor } from '../channels/conversation-id.js';
import { twilioOptOutKeyword } from '../channels/twilio-opt-out-keywords.js';
import { channelSchema } from '../conversation/reply.js';
import { parseSession } from '../conversation/session.js';
import type { Store } from '../store/store.js';
import type { TurnDelivery } from './deliver-turn.js';

const chatMessageSchema = z.object({
  /** A random id the browser keeps, standing in for a phone number. */
  clientId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  channel: channelSchema,
  text: z.string().max(2000),
});

const PAGE = readFileSync(new URL('./public/index.html', import.meta.url), 'utf8');

/**
 * The page loads only its own files: no inline script runs at all. Mermaid draws each diagram with a <style>
 * inside its SVG, different for every diagram, so no hash can list it: styles may be inline, but with nothing
 * loadable from elsewhere (images, fonts, connections stay 'self') a style cannot run code or send anything out.
 */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The browser preview: the same conversation as SMS or WhatsApp, rendered as the phone would show it. */
export function chatRoutes(options: { idSecret: string; deliverTurn: TurnDelivery; store: Store; campaigns?: () => CampaignPreview[] }): Router {
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
    const conversationId = conversationIdFor(options.idSecret, channel, `preview:${clientId}`);
    // On SMS, Twilio answers its opt-out keywords itself and tells the webhook; the preview does the same.
    const carrier = channel === 'sms' ? twilioOptOutKeyword(text) : undefined;
    const turn = await options.deliverTurn(
      channel,
      // The chat page has no number: the bot answers here, and offers nothing it would have to text later.
      { conversationId, message: { text, replyOnly: true, ...(carrier ? { carrierOptOut: carrier } : {}) } },
      res.locals.requestId as string,
    );
    const session = await options.store.getSession(conversationId).then((raw) => parseSession(raw)).catch(() => null);
    res.json({
      messages: turn.messages.map((m) => ({ ...m, characters: [...m.body].length })),
      /** The step the conversation is on now, for the flow diagram. */
      at: session?.at ?? null,
      locale: session?.locale ?? null,
      ...(carrier ? { carrier } : {}),
      ...(!carrier && turn.messages.length === 0 && session?.optedOut ? { silent: 'opted_out' } : {}),
    });
  });
  return router;
}
