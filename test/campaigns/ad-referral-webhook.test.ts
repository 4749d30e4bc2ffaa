import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { conversationIdFor } from '../../src/channels/conversation-id.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/build-server.js';
import { createLogger } from '../../src/server/logger.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { testBot } from '../support/test-bot.js';
import { ACCOUNT_SID, ADMIN_TOKEN, AUTH_TOKEN, ID_SECRET, messagesIn, PUBLIC_BASE_URL, SERVICE_NUMBER, sign } from '../support/test-server.js';

/** During Loneliness Awareness Week 2026 (content/campaigns.yaml), whatever the real date. */
const TODAY = Date.parse('2026-06-10T09:00:00Z');
const prefix = `sp-ad-${randomUUID().slice(0, 8)}`;

let client: Redis;
let store: RedisStore;
let app: Awaited<ReturnType<typeof buildServer>>['app'];

beforeAll(async () => {
  client = createRedisClient(inject('redisUrl'));
  await once(client, 'ready');
  store = new RedisStore(client, { prefix });
  const { config } = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN: AUTH_TOKEN, ID_SECRET, ADMIN_TOKEN });
  const logger = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  ({ app } = await buildServer(config, logger, { bot: await testBot(), store, handler: { clock: () => TODAY } }));
});
afterAll(async () => {
  for await (const keys of client.scanStream({ match: `${prefix}:*`, count: 500 })) if ((keys as string[]).length) await client.del(...(keys as string[]));
  client.disconnect();
});

let n = 0;
/**
 * What Twilio posts for the first WhatsApp message after someone taps a click-to-WhatsApp ad: the ordinary
 * fields plus Referral* (field names from Twilio's "incoming message webhook" reference).
 */
function adMessage(phone: string, body: string, sourceId: string): Record<string, string> {
  n += 1;
  const sid = `SM${randomUUID().replace(/-/g, '')}`;
  return {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: 'Resident',
    MessageType: 'text',
    SmsSid: sid,
    WaId: phone.slice(1),
    SmsStatus: 'received',
    Body: body,
    To: `whatsapp:${SERVICE_NUMBER}`,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: `whatsapp:${phone}`,
    ApiVersion: '2010-04-01',
    ReferralSourceId: sourceId,
    ReferralSourceUrl: `https://fb.me/${n}AbCdEfGh`,
    ReferralSourceType: 'ad',
    ReferralHeadline: 'Feeling cut off? Send us a message',
    ReferralBody: 'Free, friendly ideas from your council',
    ReferralMediaId: '1234567890123456',
    ReferralMediaContentType: 'image/jpeg',
    ReferralMediaUrl: 'https://scontent.whatsapp.net/v/t61/ad-image.jpg',
    ReferralCtwaClid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zctNxrTu',
  };
}

function post(form: Record<string, string>) {
  return request(app).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form);
}

async function metricsText(): Promise<string> {
  return (await request(app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).text;
}

describe('WhatsApp click-to-chat ad referrals', () => {
  it('start the campaign the ad is listed under, tag the conversation and count it, keeping nothing of the ad or the click', async () => {
    const phone = '+447700900301';
    const res = await post(adMessage(phone, 'Hello!', '120210000000000001'));
    expect(res.status).toBe(200);
    const said = messagesIn(res.text).join('\n');
    expect(said).toContain('Thanks for getting in touch during Loneliness Awareness Week');
    expect(said).toContain('this is Signpost');

    const stored = await store.getSession(conversationIdFor(ID_SECRET, 'whatsapp', phone));
    expect(JSON.parse(stored!)).toMatchObject({ campaign: 'law26', campaignStatus: 'active', at: 'welcome.offer_checkin' });
    for (const kept of ['ARAkLk', 'fb.me', 'Feeling cut off', 'scontent', phone.slice(1)]) expect(stored).not.toContain(kept);

    expect(await metricsText()).toMatch(/signpost_campaign_conversations_total\{campaign="law26",via="referral",status="active"\} 1/);
  });

  it('an ad nobody listed is counted as other, and its keyword (when the prefilled text has one) still starts the campaign', async () => {
    const unlisted = await post(adMessage('+447700900302', 'Hi', '999999999999'));
    expect(messagesIn(unlisted.text).join('\n')).toContain('this is Signpost');
    const withKeyword = await post(adMessage('+447700900303', 'Hi! I saw your poster at the surgery (GP26)', '888888888888'));
    expect(messagesIn(withKeyword.text).join('\n')).toContain('How often do you feel that you lack companionship?');

    const metrics = await metricsText();
    expect(metrics).toMatch(/signpost_campaign_conversations_total\{campaign="other",via="referral",status="active"\} 1/);
    expect(metrics).toMatch(/signpost_campaign_conversations_total\{campaign="gp_poster",via="referral",status="active"\} 1/);
    // Every configured campaign is listed from the start, and nothing else ever becomes a label.
    const labels = [...metrics.matchAll(/signpost_campaign_conversations_total\{campaign="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(labels)).toEqual(new Set(['law26', 'gp_poster', 'library', 'other']));
  });

  it('a keyword by SMS is counted as a keyword', async () => {
    const form = { MessageSid: `SM${'7'.repeat(32)}`, AccountSid: ACCOUNT_SID, From: '+447700900304', To: SERVICE_NUMBER, Body: 'LIB 24', NumMedia: '0' };
    const res = await post(form);
    expect(messagesIn(res.text).join('\n')).toContain('library leaflet');
    expect(await metricsText()).toMatch(/signpost_campaign_conversations_total\{campaign="library",via="keyword",status="active"\} 1/);
  });
});
