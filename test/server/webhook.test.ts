import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import request from 'supertest';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { conversationIdFor } from '../../src/channels/conversation-id.js';
import { parseSession } from '../../src/conversation/session.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { Resident } from '../support/test-bot.js';
import { ADMIN_TOKEN, AUTH_TOKEN, buildTestApp, ID_SECRET, inboundForm, messagesIn, sign } from '../support/test-server.js';

const prefix = `sp-web-${randomUUID().slice(0, 8)}`;

let client: Redis;
let store: RedisStore;
let harness: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  client = createRedisClient(inject('redisUrl'));
  await once(client, 'ready');
  store = new RedisStore(client, { prefix });
  harness = await buildTestApp(store);
});
afterAll(async () => {
  for await (const keys of client.scanStream({ match: `${prefix}:*`, count: 500 })) if ((keys as string[]).length) await client.del(...(keys as string[]));
  client.disconnect();
});

let next = 0;
const newNumber = () => `+4477009${String(10_000 + (next++ % 90_000)).padStart(5, '0')}`;

/** POST a signed inbound message, as Twilio would. */
function post(form: Record<string, string>, path = '/twilio/messages') {
  return request(harness.listener).post(path).set('X-Twilio-Signature', sign(path, form)).type('form').send(form);
}

async function sessionOf(channel: 'sms' | 'whatsapp', phone: string) {
  return parseSession(await store.getSession(conversationIdFor(ID_SECRET, channel, phone)));
}

describe('POST /twilio/messages', () => {
  it('answers a signed SMS with TwiML, several messages in order, rendered for SMS', async () => {
    const res = await post(inboundForm(newNumber(), 'Hi'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/xml/);
    const messages = messagesIn(res.text);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('this is Signpost');
    expect(messages[1]).toContain("1. Yes, let's do it");
    expect(messages.join('')).not.toMatch(/[*“”’]/);
  });

  it('recognises WhatsApp by the whatsapp: prefix and keeps *bold* there', async () => {
    const phone = newNumber();
    await post(inboundForm(`whatsapp:${phone}`, 'hi'));
    await post(inboundForm(`whatsapp:${phone}`, 'menu'));
    await post(inboundForm(`whatsapp:${phone}`, '4'));
    const res = await post(inboundForm(`whatsapp:${phone}`, '1'));
    expect(messagesIn(res.text).join('\n')).toContain('*Connect*');
    expect(await sessionOf('whatsapp', phone)).toMatchObject({ at: 'five_ways.after' });
    expect(await sessionOf('sms', phone)).toBeNull();
  });

  it('refuses a forged, missing or wrong-URL signature with 403 and never processes it', async () => {
    const phone = newNumber();
    const form = inboundForm(phone, 'hi');
    const forged = await request(harness.listener).post('/twilio/messages').set('X-Twilio-Signature', 'dGhpcyBpcyBub3QgaXQ=').type('form').send(form);
    const missing = await request(harness.listener).post('/twilio/messages').type('form').send(form);
    const otherToken = await request(harness.listener).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form, 'someone-elses-token')).type('form').send(form);
    const tampered = await request(harness.listener).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send({ ...form, Body: 'STOP' });
    for (const res of [forged, missing, otherToken, tampered]) {
      expect(res.status).toBe(403);
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect(await sessionOf('sms', phone)).toBeNull();
  });

  it('checks signatures against PUBLIC_BASE_URL, so it works behind a proxy that changes host and scheme', async () => {
    const form = inboundForm(newNumber(), 'hi');
    const viaProxy = await request(harness.listener)
      .post('/twilio/messages')
      .set('Host', '10.0.0.7:3000')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Twilio-Signature', sign('/twilio/messages', form))
      .type('form')
      .send(form);
    expect(viaProxy.status).toBe(200);
    const other = inboundForm(newNumber(), 'hi');
    const internal = twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'http://10.0.0.7:3000/twilio/messages', other);
    const signedForInternalUrl = await request(harness.listener).post('/twilio/messages').set('Host', '10.0.0.7:3000').set('X-Twilio-Signature', internal).type('form').send(other);
    expect(signedForInternalUrl.status).toBe(403);
  });

  it('turns malformed bodies away with 400 and a plain reason, never a stack trace', async () => {
    const cases: Record<string, string>[] = [
      { ...inboundForm(newNumber(), 'hi'), From: 'not-a-number' },
      { ...inboundForm(newNumber(), 'hi'), From: 'messenger:+447700900123' },
      Object.fromEntries(Object.entries(inboundForm(newNumber(), 'hi')).filter(([k]) => k !== 'MessageSid')),
      Object.fromEntries(Object.entries(inboundForm(newNumber(), 'hi')).filter(([k]) => k !== 'From')),
    ];
    for (const form of cases) {
      const res = await post(form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(res.text).toMatch(/^Bad request: /);
      expect(res.text).not.toMatch(/\.ts:\d+|\.js:\d+|Error:/);
    }
    const json = await request(harness.listener).post('/twilio/messages').set('X-Twilio-Signature', 'x').type('json').send('{"From":');
    expect([400, 403]).toContain(json.status);
    expect(json.text).not.toMatch(/\.ts:\d+|SyntaxError/);
  });

  it('accepts numbers from abroad and messages with no text (a photo)', async () => {
    const abroad = await post(inboundForm('+4915112345678', 'Hallo'));
    expect(abroad.status).toBe(200);
    const phone = newNumber();
    await post(inboundForm(phone, 'hi'));
    const photo = await post(inboundForm(phone, '', { NumMedia: '1', MediaContentType0: 'image/jpeg', MediaUrl0: 'https://api.twilio.com/x' }));
    expect(messagesIn(photo.text).join('\n')).toContain('can only read text');
  });

  it('refuses bodies over 32 KB with 413', async () => {
    const form = inboundForm(newNumber(), 'x'.repeat(40 * 1024));
    const res = await post(form);
    expect(res.status).toBe(413);
    expect(res.text).not.toMatch(/\.ts:\d+/);
  });

  it('answers a retried MessageSid with the same replies and advances the conversation once', async () => {
    const phone = newNumber();
    await post(inboundForm(phone, 'hi'));
    const form = inboundForm(phone, '1');
    const first = await post(form);
    const retry = await post(form);
    expect(retry.text).toBe(first.text);
    expect(messagesIn(first.text).join('\n')).toContain('lack companionship');
    expect(await sessionOf('sms', phone)).toMatchObject({ at: 'checkin.companionship' });
  });

  it('handles 20 messages sent at once by one person one after the other, across two instances, losing none', async () => {
    const phone = newNumber();
    await post(inboundForm(phone, 'hi'));
    const second = await buildTestApp(new RedisStore(client, { prefix }));
    const forms = Array.from({ length: 20 }, () => inboundForm(phone, '1'));
    const responses = await Promise.all(
      forms.map((form, i) => request(i % 2 ? second.listener : harness.listener).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form)),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.every((r) => !r.text.includes("can't reply properly"))).toBe(true);

    // The same 20 answers given one at a time end in the same place: no turn read a stale session.
    const resident = new Resident(harness.live.current);
    await resident.says('hi');
    for (let i = 0; i < 20; i++) await resident.says('1');
    const stored = await sessionOf('sms', phone);
    expect(stored?.at).toBe(resident.session?.at);
    expect(stored?.vars).toEqual(resident.session?.vars);
  });

  it('never processes a replay again, however many newer messages came after it, nor a retry with the same idempotency token', async () => {
    const phone = newNumber();
    await post(inboundForm(phone, 'hi'));
    const answer = inboundForm(phone, '1');
    await post(answer);
    for (let i = 0; i < 17; i++) await post(inboundForm(phone, 'menu'));
    const before = await store.getSession(conversationIdFor(ID_SECRET, 'sms', phone));
    const replay = await post(answer);
    expect(replay.status).toBe(200);
    expect(messagesIn(replay.text)).toEqual([]);
    expect(await store.getSession(conversationIdFor(ID_SECRET, 'sms', phone))).toBe(before);

    // Twilio's retry token: a redelivery recognised even under another MessageSid.
    const first = inboundForm(phone, '2');
    const token = 'idem-token-0123456789';
    await request(harness.listener).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', first)).set('I-Twilio-Idempotency-Token', token).type('form').send(first);
    const after = await store.getSession(conversationIdFor(ID_SECRET, 'sms', phone));
    const again = inboundForm(phone, '2');
    const retried = await request(harness.listener).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', again)).set('I-Twilio-Idempotency-Token', token).type('form').send(again);
    expect(messagesIn(retried.text)).toEqual([]);
    expect(await store.getSession(conversationIdFor(ID_SECRET, 'sms', phone))).toBe(after);
  });

  it('handles 20 messages from one person in arrival order, across two instances, even while a turn holds the line', async () => {
    const phone = newNumber();
    const id = conversationIdFor(ID_SECRET, 'sms', phone);
    await post(inboundForm(phone, 'hi'));
    const order: string[] = [];
    class RecordingStore extends RedisStore {
      override async beginTurn(...args: Parameters<RedisStore['beginTurn']>) {
        const turn = await super.beginTurn(...args);
        if (turn && args[0] === id) order.push(args[1].messageId ?? '');
        return turn;
      }
    }
    const apps = [(await buildTestApp(new RecordingStore(client, { prefix }))).app, (await buildTestApp(new RecordingStore(client, { prefix }))).app];
    const blocker = await store.lock(id, { ttlMs: 5_000, waitMs: 1_000 });
    const forms = Array.from({ length: 20 }, (_, i) => inboundForm(phone, String((i % 3) + 1)));
    const sent: Promise<request.Response>[] = [];
    for (const [i, form] of forms.entries()) {
      sent.push(request(apps[i % 2]!).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form).then((r) => r));
      await new Promise((r) => setTimeout(r, 25));
    }
    await blocker?.release();
    const responses = await Promise.all(sent);
    expect(responses.map((r) => r.status)).toEqual(forms.map(() => 200));
    expect(order).toEqual(forms.map((f) => f.MessageSid));
  });

  it('erases the person on every channel on DELETE: the same number on WhatsApp too', async () => {
    const phone = newNumber();
    const ids = (['sms', 'whatsapp'] as const).map((channel) => conversationIdFor(ID_SECRET, channel, phone));
    for (const text of ['hi', '1']) await post(inboundForm(`whatsapp:${phone}`, text));
    for (const text of ['hi', '1', 'delete']) await post(inboundForm(phone, text));
    for (const id of ids) expect(await client.keys(`${prefix}:{${id}}:*`)).not.toEqual([]);
    const done = await post(inboundForm(phone, 'yes'));
    expect(messagesIn(done.text).join('')).toContain('deleted everything');
    // Left: only the erase marker (when, for a day), which drops a message that arrived before the erase.
    for (const id of ids) expect(await client.keys(`${prefix}:{${id}}:*`)).toEqual([`${prefix}:{${id}}:erased`]);
  });

  it('erases everything keyed to the sender on DELETE: session and handled messages', async () => {
    const phone = newNumber();
    const id = conversationIdFor(ID_SECRET, 'sms', phone);
    for (const text of ['hi', '1', '2', 'delete']) await post(inboundForm(phone, text));
    expect(await client.keys(`${prefix}:{${id}}:*`)).not.toEqual([]);
    const done = await post(inboundForm(phone, 'yes'));
    expect(messagesIn(done.text).join('')).toContain('deleted everything');
    expect(await client.keys(`${prefix}:{${id}}:*`)).toEqual([`${prefix}:{${id}}:erased`]);
  });

  it('keeps raw numbers and message words out of storage keys, sessions and logs', async () => {
    const phone = newNumber();
    await post(inboundForm(phone, 'hi'));
    await post(inboundForm(phone, 'my husband Fred passed away in March'));
    const keys = await client.keys(`${prefix}:*`);
    expect(keys.join(' ')).not.toContain(phone.slice(1));
    const raw = await store.getSession(conversationIdFor(ID_SECRET, 'sms', phone));
    expect(raw).not.toContain(phone.slice(1));
    expect(raw).not.toContain('Fred');
    const logs = harness.logs.join('');
    expect(logs).not.toContain(phone.slice(1));
    expect(logs).not.toContain('Fred');
    expect(logs).toContain('"segments"');
  });

  it('stops on STOP (and WhatsApp has no carrier STOP, so we answer it); silence until START', async () => {
    const phone = newNumber();
    await post(inboundForm(`whatsapp:${phone}`, 'hi'));
    const stop = await post(inboundForm(`whatsapp:${phone}`, 'STOP'));
    expect(messagesIn(stop.text).join('')).toContain("won't get any more messages");
    expect(messagesIn((await post(inboundForm(`whatsapp:${phone}`, 'hello?'))).text)).toEqual([]);
    expect(messagesIn((await post(inboundForm(`whatsapp:${phone}`, 'START'))).text).join('')).toContain('Welcome back');
  });

  it('records an SMS STOP that Twilio already answered, without replying a second time', async () => {
    const phone = newNumber();
    await post(inboundForm(phone, 'hi'));
    const stop = await post(inboundForm(phone, 'Stop', { OptOutType: 'STOP' }));
    expect(messagesIn(stop.text)).toEqual([]);
    expect(await sessionOf('sms', phone)).toMatchObject({ optedOut: true });
    const start = await post(inboundForm(phone, 'Start', { OptOutType: 'START' }));
    expect(messagesIn(start.text).join('')).toContain('four short questions');
    expect(messagesIn(start.text).join('')).not.toContain('Welcome back');
  });
});

describe('POST /twilio/status', () => {
  const status = (form: Record<string, string>) => post(form, '/twilio/status');

  it('records a recipient who opted out with their carrier (21610): nothing more is sent until START', async () => {
    const phone = newNumber();
    await post(inboundForm(phone, 'hi'));
    const res = await status({ MessageSid: 'SM1', AccountSid: `AC${'0'.repeat(32)}`, MessageStatus: 'failed', ErrorCode: '21610', To: phone, From: '+447700900000' });
    expect(res.status).toBe(204);
    expect(await sessionOf('sms', phone)).toMatchObject({ optedOut: true });
    expect(messagesIn((await post(inboundForm(phone, '1'))).text)).toEqual([]);
  });

  it('counts a WhatsApp message sent outside the 24-hour window (63016)', async () => {
    const res = await status({ MessageSid: 'SM2', MessageStatus: 'undelivered', ErrorCode: '63016', To: `whatsapp:${newNumber()}`, From: 'whatsapp:+447700900000' });
    expect(res.status).toBe(204);
    const metrics = await request(harness.listener).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(metrics.text).toMatch(/signpost_delivery_failures_total\{channel="whatsapp",code="63016"\} 1/);
  });

  it('refuses unsigned callbacks', async () => {
    const res = await request(harness.listener).post('/twilio/status').type('form').send({ MessageSid: 'SM3', MessageStatus: 'failed', ErrorCode: '21610', To: newNumber() });
    expect(res.status).toBe(403);
  });
});

describe('operations', () => {
  it('serves health and readiness', async () => {
    expect((await request(harness.listener).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(harness.listener).get('/readyz')).body).toMatchObject({ status: 'ready', store: 'redis' });
  });

  it('keeps /metrics behind ADMIN_TOKEN, with turn latency and messages by channel', async () => {
    expect((await request(harness.listener).get('/metrics')).status).toBe(401);
    expect((await request(harness.listener).get('/metrics').set('Authorization', 'Bearer wrong')).status).toBe(401);
    await post(inboundForm(newNumber(), 'hi'));
    const res = await request(harness.listener).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('signpost_turn_duration_seconds_bucket');
    expect(res.text).toMatch(/signpost_messages_in_total\{channel="sms"\} \d+/);
    expect(res.text).toMatch(/signpost_messages_out_total\{channel="sms"\} \d+/);
  });

  it('gives every response a request id and answers unknown routes plainly', async () => {
    const res = await request(harness.listener).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toMatch(/^[\w-]+$/);
  });
});
