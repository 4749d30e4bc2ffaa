import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { conversationIdFor } from '../../src/channels/conversation-id.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import type { TwilioSender } from '../../src/channels/twilio-sender.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import { OutageSpool } from '../../src/server/outage-spool.js';
import { startSpoolReplay } from '../../src/server/replay-spool.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { ACCOUNT_SID, AUTH_TOKEN, buildTestApp, ID_SECRET, inboundForm, messagesIn, SERVICE_NUMBER, sign } from '../support/test-server.js';

/** DELETE through the webhook: nothing about the person is left, and nothing brings them back. */
const prefix = `sp-erase-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'signpost-erase-'));

let client: Redis;
let harness: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  client = createRedisClient(inject('redisUrl'));
  await once(client, 'ready');
  // The store's own connection must be up before the first message, or (on a busy machine) that message is
  // spooled as if Redis were down, and this test is about erasure, not outages.
  const storeClient = createRedisClient(inject('redisUrl'));
  await once(storeClient, 'ready');
  harness = await buildTestApp(new RedisStore(storeClient, { prefix }), {
    spoolFile: join(dir, 'spool.log'),
    twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, smsFrom: SERVICE_NUMBER, whatsappFrom: SERVICE_NUMBER },
  });
  // Spooled messages stay put while a test looks at them (no store outage here to replay them after).
  await harness.replay?.stop();
});
afterAll(async () => {
  await harness.close();
  for await (const keys of client.scanStream({ match: `${prefix}:*`, count: 500 })) if ((keys as string[]).length) await client.del(...(keys as string[]));
  client.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

let next = 0;
const newNumber = () => `+4477009${String(40_000 + (next += 1)).padStart(5, '0')}`;
const post = (form: Record<string, string>) => request(harness.app).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form);
const erasedMarkers = (phone: string) => (['sms', 'whatsapp'] as const).map((c) => `${prefix}:{${conversationIdFor(ID_SECRET, c, phone)}}:erased`);
const keysOf = async (phone: string) => (await Promise.all((['sms', 'whatsapp'] as const).map((c) => client.keys(`${prefix}:{${conversationIdFor(ID_SECRET, c, phone)}}:*`)))).flat();

/**
 * A webhook whose request reaches the server (and is stamped as arrived) now, but whose body comes only when
 * `finish` is called: a message held up on its way. `finish` answers the replies in its TwiML.
 */
function slowPost(port: number, form: Record<string, string>): { started: Promise<void>; finish: () => Promise<string[]> } {
  const body = new URLSearchParams(form).toString();
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/twilio/messages',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': sign('/twilio/messages', form) },
  });
  const answered = new Promise<string[]>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(messagesIn(text)) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(body.slice(0, 10));
  // Long enough for the server to have read the headers and called its handler.
  const started = sleep(50);
  return {
    started,
    finish: async () => {
      req.end(body.slice(10));
      return answered;
    },
  };
}

describe('DELETE', () => {
  it('is not undone by a retry: Twilio resending the "yes", or an earlier message on either channel, starts nothing', async () => {
    const phone = newNumber();
    const earlierOnWhatsApp = inboundForm(`whatsapp:${phone}`, 'hi');
    await post(earlierOnWhatsApp);
    const earlier = inboundForm(phone, 'hi');
    for (const form of [earlier, inboundForm(phone, '1'), inboundForm(phone, 'delete')]) await post(form);
    const yes = inboundForm(phone, 'yes');
    expect(messagesIn((await post(yes)).text).join('')).toContain('deleted everything');
    expect(await keysOf(phone)).toEqual(erasedMarkers(phone));

    for (const retry of [yes, earlier, earlierOnWhatsApp]) {
      const res = await post(retry);
      expect(res.status).toBe(200);
      expect(messagesIn(res.text)).toEqual([]);
    }
    // No session, no replies, no replay keys: only the flood bucket counting the retries, which empties itself,
    // beside the erase markers (a time each, for a day).
    const left = (await keysOf(phone)).filter((key) => !key.endsWith(':erased'));
    expect(left.every((key) => key.endsWith(':flood'))).toBe(true);
    for (const key of left) expect(await client.pttl(key)).toBeLessThan(60_000);
    // Nothing stored links a tombstone to the person: its key is a digest of Twilio's message id alone.
    const tombstones = await client.keys(`${prefix}:erased:*`);
    expect(tombstones.length).toBeGreaterThan(0);
    expect(tombstones.join(' ')).not.toContain(conversationIdFor(ID_SECRET, 'sms', phone));

    // A new message is a new conversation.
    expect(messagesIn((await post(inboundForm(phone, 'hi'))).text).join('')).toContain('this is Signpost');
  });

  it('drops messages that arrived before the erase but reach the conversation after it, on SMS and WhatsApp: nothing answered, nothing re-created', async () => {
    const phone = newNumber();
    const server = harness.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      for (const from of [phone, `whatsapp:${phone}`]) await post(inboundForm(from, 'hi'));
      // Sent before the DELETE, each held up on its way (its body arrives late), so handled after the erase.
      const delayed = [inboundForm(phone, '1'), inboundForm(`whatsapp:${phone}`, '1')].map((form) => slowPost(port, form));
      await Promise.all(delayed.map((d) => d.started));
      await sleep(30);
      await post(inboundForm(phone, 'delete'));
      expect(messagesIn((await post(inboundForm(phone, 'yes'))).text).join('')).toContain('deleted everything');
      expect(await Promise.all(delayed.map((d) => d.finish()))).toEqual([[], []]);
      // Not a session, a replay key or a flood bucket: only the markers the erasure left.
      expect(await keysOf(phone)).toEqual(erasedMarkers(phone));
      // What they send after the erase is a new conversation.
      expect(messagesIn((await post(inboundForm(`whatsapp:${phone}`, 'hi'))).text).join('')).toContain('this is Signpost');
    } finally {
      server.close();
    }
  });

  it('still answers a crisis message that arrived before the erase with the crisis reply, keeping nothing', async () => {
    const phone = newNumber();
    const server = harness.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      await post(inboundForm(phone, 'hi'));
      const crisis = slowPost(port, inboundForm(phone, "i've taken all my tablets and i want to die"));
      await crisis.started;
      await sleep(30);
      await post(inboundForm(phone, 'delete'));
      expect(messagesIn((await post(inboundForm(phone, 'yes'))).text).join('')).toContain('deleted everything');
      const answered = (await crisis.finish()).join(' ');
      expect(answered).toContain('999');
      expect(answered).toContain('116 123');
      expect(await keysOf(phone)).toEqual(erasedMarkers(phone));
    } finally {
      server.close();
    }
  });

  it("drops a message waiting in another instance's spool since before the DELETE, when that instance replays it: nothing sent, nothing re-created", async () => {
    const phone = newNumber();
    // Another instance kept this while its Redis connection was down; this instance's DELETE cannot reach its file.
    const elsewhere = await OutageSpool.open(join(dir, 'other-instance.log'), ID_SECRET);
    const sent: string[] = [];
    const replay = startSpoolReplay({
      spool: elsewhere,
      handleMessage: harness.handleMessage,
      sender: { send: async ({ body }: { body: string }) => (sent.push(body), { status: 'sent', sids: [] }) } as unknown as TwilioSender,
      idSecret: ID_SECRET,
      logger: createLogger('silent'),
      metrics: createMetrics(),
      everyMs: 60_000,
    });
    try {
      await post(inboundForm(`whatsapp:${phone}`, 'hi'));
      await elsewhere.append({ channel: 'whatsapp', to: `whatsapp:${phone}`, conversationId: conversationIdFor(ID_SECRET, 'whatsapp', phone), messageId: 'SMelsewhere1', text: '1', mediaCount: 0, answered: false });
      await sleep(5);
      for (const text of ['delete', 'yes']) await post(inboundForm(phone, text));
      await replay.drain();
      expect(sent).toEqual([]);
      expect(elsewhere.pending()).toEqual([]);
      expect(await keysOf(phone)).toEqual(erasedMarkers(phone));
    } finally {
      await replay.stop();
      await elsewhere.close();
    }
  });

  it("removes the person's messages waiting in the outage spool on their other channel, from the disk too", async () => {
    const phone = newNumber();
    const spool = harness.spool!;
    const waiting = { to: phone, text: 'my husband Fred died', mediaCount: 0, answered: false };
    // Kept while the store was down, not yet replayed: their SMS. They then write on WhatsApp and delete.
    await spool.append({ ...waiting, channel: 'sms', conversationId: conversationIdFor(ID_SECRET, 'sms', phone), messageId: 'SMwaiting1' });
    await spool.append({ ...waiting, channel: 'sms', conversationId: conversationIdFor(ID_SECRET, 'sms', phone), messageId: 'SMwaiting2' });
    const someoneElse = await spool.append({ ...waiting, to: newNumber(), channel: 'sms', conversationId: 'someone-else', messageId: 'SMother' });

    for (const text of ['hi', 'delete']) await post(inboundForm(`whatsapp:${phone}`, text));
    expect(messagesIn((await post(inboundForm(`whatsapp:${phone}`, 'yes'))).text).join('')).toContain('deleted everything');

    expect(spool.pending().map((m) => m.messageId)).toEqual(['SMother']);
    expect(spool.holds(conversationIdFor(ID_SECRET, 'sms', phone))).toBe(false);
    // One line is left in the file: the other person's message.
    expect(readFileSync(join(dir, 'spool.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    await spool.markDone(someoneElse.seq);
  });
});
