import { Writable } from 'node:stream';
import twilio from 'twilio';
import { loadConfig, type Config } from '../../src/config.js';
import { buildServer, type BuildServerOptions } from '../../src/server/build-server.js';
import { createLogger } from '../../src/server/logger.js';
import type { Store } from '../../src/store/store.js';
import { testBot } from './test-bot.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789';
export const PUBLIC_BASE_URL = 'https://signpost.example.gov.uk';
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
export const SERVICE_NUMBER = '+447700900000';
export const ID_SECRET = 'test-id-secret-0123456789';

/** The server as `npm start` builds it, on the store given, with the shared test bot; logs are captured. */
export async function buildTestApp(store: Store, overrides: Partial<Config> = {}, options: Pick<BuildServerOptions, 'records' | 'senders' | 'analytics'> = {}) {
  const { config } = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_BASE_URL,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    ID_SECRET,
    ADMIN_TOKEN,
    SESSION_TTL_DAYS: '1',
    CHAT_PAGE: 'true',
    // Tests of other behaviour send many messages from one number quickly; flood control has its own test.
    FLOOD_BURST: '1000',
  });
  const logs: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  const bot = await testBot();
  // Callbacks and the inbox are off unless a test gives a records database (test/connect does).
  const built = await buildServer({ ...config, ...overrides }, logger, { bot, store, handler: { lockWaitMs: 5000 }, records: null, ...options });
  return { ...built, logs };
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
