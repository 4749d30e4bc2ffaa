import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { conversationIdFor } from '../../src/channels/conversation-id.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { replayFields } from '../../src/store/replay-fields.js';
import { buildTestApp, ID_SECRET, inboundForm, messagesIn, sign } from '../support/test-server.js';

/**
 * Two server instances (each its own app, Redis connection and HTTP port) on one real Redis, as behind a load
 * balancer: one person's closely spaced messages, alternately to each, must get the replies they would get sent
 * one at a time in the order they arrived. Each request's own awaits (its body, the flood bucket's round trip)
 * must not let a later message take its place in the queue first.
 */
const prefix = `sp-order-${randomUUID().slice(0, 8)}`;
// A conversation whose every reply depends on where it stands: a message handled out of turn gets another reply.
const SEQUENCE = ['hi', '1', '2', '3', '1', '2', 'menu', '4', '1', 'menu', '2', 'hi', '1', '2', '3', 'menu', '1', '3', 'menu', '4'];

describe('one person over two server instances', () => {
  const instances: Array<{ harness: Awaited<ReturnType<typeof buildTestApp>>; server: Server; url: string }> = [];
  let holder: RedisStore;
  let admin: Redis;
  let reference: string[][];
  let phones = 0;
  const nextPhone = () => `+4477009${String(30_000 + (phones += 1)).padStart(5, '0')}`;

  async function post(url: string, form: Record<string, string>): Promise<string[]> {
    const res = await fetch(`${url}/twilio/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign('/twilio/messages', form) },
      body: new URLSearchParams(form).toString(),
    });
    expect(res.status).toBe(200);
    return messagesIn(await res.text());
  }

  /** When a server stamped this message as arrived, from its turn's log line. */
  function arrivalOf(messageId: string): number {
    for (const { harness } of instances) {
      for (const line of harness.logs) {
        if (!line.includes(messageId)) continue;
        const entry = JSON.parse(line) as { msg?: string; messageId?: string; arrivedAt?: number };
        if (entry.msg === 'turn' && entry.messageId === messageId && entry.arrivedAt !== undefined) return entry.arrivedAt;
      }
    }
    throw new Error(`no turn logged for ${messageId}`);
  }

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const harness = await buildTestApp(new RedisStore(createRedisClient(inject('redisUrl')), { prefix, orderSettleMs: 20 }));
      const server = harness.app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      instances.push({ harness, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    }
    holder = new RedisStore(createRedisClient(inject('redisUrl')), { prefix });
    admin = createRedisClient(inject('redisUrl'));
    // What the resident gets sending the same words one at a time.
    const phone = nextPhone();
    reference = [];
    for (const text of SEQUENCE) reference.push(await post(instances[0]!.url, inboundForm(phone, text)));
  });
  afterAll(async () => {
    for (const { harness, server } of instances) {
      server.close();
      await harness.close();
    }
    await holder.close();
    admin.disconnect();
  });

  for (const spacing of [25, 5]) {
    it(`answers 20 messages sent ${spacing} ms apart, alternately to each instance, as if one at a time in arrival order`, async () => {
      const phone = nextPhone();
      // A turn of this person's is under way (as a slow one would be), so every message must wait its turn.
      const slowTurn = await holder.lock(conversationIdFor(ID_SECRET, 'sms', phone), { ttlMs: 5_000, waitMs: 2_000, renewEveryMs: 1_000 });
      expect(slowTurn).not.toBeNull();
      const answers: Array<Promise<string[]>> = [];
      for (const [i, text] of SEQUENCE.entries()) {
        answers.push(post(instances[i % 2]!.url, inboundForm(phone, text)));
        await sleep(spacing);
      }
      await sleep(100);
      await slowTurn!.release();
      expect(await Promise.all(answers)).toEqual(reference);
    }, 30_000);
  }

  /**
   * 10 bursts of 4 messages sent 3 ms apart, to the given instances in turn, with nothing under way: how many
   * were handled in the order the servers stamped them as arrived (and, when they arrived as sent, gave the
   * replies sent one at a time would).
   */
  async function burstsInArrivalOrder(urls: string[], keyPrefix: string): Promise<number> {
    const burst = ['1', '2', 'menu', '3'];
    const phone = nextPhone();
    await post(urls[0]!, inboundForm(phone, 'hi'));
    const oneAtATime: string[][] = [];
    for (const text of burst) oneAtATime.push(await post(urls[0]!, inboundForm(phone, text)));
    let inOrder = 0;
    for (let run = 0; run < 10; run++) {
      const phone = nextPhone();
      await post(urls[run % urls.length]!, inboundForm(phone, 'hi'));
      const forms = burst.map((text) => inboundForm(phone, text));
      const answers: Array<Promise<string[]>> = [];
      for (const [i, form] of forms.entries()) {
        answers.push(post(urls[(run + i) % urls.length]!, form));
        await sleep(3);
      }
      const replies = await Promise.all(answers);
      // The stored history: each message's replay key holds its commit time (+ a day), so the order turns ran in.
      const seenKey = `${keyPrefix}:{${conversationIdFor(ID_SECRET, 'sms', phone)}}:seen`;
      const committed = (await admin.hmget(seenKey, ...forms.map((f) => replayFields({ messageId: f.MessageSid! })[0]!))).map(Number);
      // Arrival is when a server stamped the message (its turn's log line says): two requests sent 3 ms apart on a
      // busy machine may reach the servers the other way round, and then that is their arrival order.
      const arrived = forms.map((f) => arrivalOf(f.MessageSid!));
      const turnsInArrivalOrder = forms
        .map((_, i) => i)
        .sort((a, b) => committed[a]! - committed[b]!)
        .every((m, k, order) => k === 0 || arrived[m]! >= arrived[order[k - 1]!]!);
      const arrivedAsSent = arrived.every((t, i) => i === 0 || t >= arrived[i - 1]!);
      if (turnsInArrivalOrder && (!arrivedAsSent || JSON.stringify(replies) === JSON.stringify(oneAtATime))) inOrder += 1;
    }
    return inOrder;
  }

  it('handles bursts of 4 messages sent 3 ms apart, alternately to each instance, with nothing under way, in the order they arrived 10 times out of 10', async () => {
    // With the queue empty the first message to reach Redis would take the lock, whatever arrived first:
    // the settle window (ORDER_SETTLE_MS) gives an earlier arrival at the other instance time to go first.
    expect(await burstsInArrivalOrder(instances.slice(0, 2).map((i) => i.url), prefix)).toBe(10);
  }, 60_000);

  it('an instance alone keeps bursts in arrival order without waiting the settle window: its process reads them in the order they came', async () => {
    const alone = `${prefix}-alone`;
    const client = createRedisClient(inject('redisUrl'));
    await once(client, 'ready');
    const store = new RedisStore(client, { prefix: alone, orderSettleMs: 1_000 });
    const harness = await buildTestApp(store);
    const server = harness.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    instances.push({ harness, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    // Over its first refreshes it cannot yet be sure it is alone, and settles: wait until a lock comes at once.
    for (let tries = 0; tries < 40; tries++) {
      const arrivedAt = Date.now();
      await (await store.lock(`c-${randomUUID()}`, { ttlMs: 5_000, waitMs: 5_000, arrivedAt }))?.release();
      if (Date.now() - arrivedAt < 500) break;
    }
    const started = Date.now();
    const inOrder = await burstsInArrivalOrder([instances[2]!.url], alone);
    // 55 turns: with the 1 s window they would take a minute.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(inOrder).toBe(10);
  }, 60_000);
});
