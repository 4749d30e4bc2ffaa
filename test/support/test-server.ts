import { Writable } from 'node:stream';
import twilio from 'twilio';
import type { Config } from '../../src/config.js';
import { createTranslator } from '../../src/content/translate.js';
import { createMessageHandler } from '../../src/conversation/handle-message.js';
import { createApp } from '../../src/server/create-app.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import type { Store } from '../../src/store/store.js';
import { testBot } from './test-bot.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789';
export const PUBLIC_BASE_URL = 'https://signpost.example.gov.uk';
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
export const SERVICE_NUMBER = '+447700900000';

/** The real app with the real bot, on the store given; logs are captured so tests can read them. */
export async function buildTestApp(store: Store, overrides: Partial<Config> = {}) {
  const bot = await testBot();
  const logs: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  const handleMessage = createMessageHandler({ engine: bot.engine, store, sessionTtlSeconds: 3600, lockWaitMs: 5000 });
  const fallback = createTranslator(bot.content, 'en')('common.unavailable');
  const { app, inFlight } = createApp({
    config: {
      publicBaseUrl: PUBLIC_BASE_URL,
      idSecret: 'test-id-secret-0123456789',
      adminToken: ADMIN_TOKEN,
      chatPage: true,
      twilio: { authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID },
      ...overrides,
    },
    store,
    handleMessage,
    fallback: () => [{ text: fallback }],
    logger,
    metrics: createMetrics(),
  });
  return { app, inFlight, logs, bot };
}

let sid = 0;
/** A Twilio inbound SMS (or WhatsApp) form body. */
export function inboundForm(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  sid += 1;
  const whatsapp = from.startsWith('whatsapp:');
  return {
    MessageSid: `SM${String(sid).padStart(32, '0')}`,
    AccountSid: ACCOUNT_SID,
    From: from,
    To: whatsapp ? `whatsapp:${SERVICE_NUMBER}` : SERVICE_NUMBER,
    Body: body,
    NumMedia: '0',
    ...extra,
  };
}

/** The signature Twilio would send for this form posted to PUBLIC_BASE_URL + path. */
export function sign(path: string, form: Record<string, string>, token = AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(token, PUBLIC_BASE_URL + path, form);
}

/** The <Message> bodies of a TwiML answer, in order. */
export function messagesIn(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
  );
}
