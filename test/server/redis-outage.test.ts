import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { startRedisServer, type ThrowawayRedis } from '../support/redis-server.js';
import { buildTestApp, inboundForm, messagesIn, sign } from '../support/test-server.js';

/** A Redis of our own, with its data on disk, that this test stops and starts again. */
describe('when Redis goes down mid-conversation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-redis-'));
  let redis: ThrowawayRedis;
  let client: Redis;
  let harness: Awaited<ReturnType<typeof buildTestApp>>;
  const phone = '+447700900777';
  const say = (text: string) => {
    const form = inboundForm(phone, text);
    return request(harness.app).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form);
  };

  beforeAll(async () => {
    redis = await startRedisServer(undefined, { dir });
    client = createRedisClient(redis.url);
    await once(client, 'ready');
    harness = await buildTestApp(new RedisStore(client));
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers within 2 s with a calm message carrying Samaritans and Shout, then carries on when Redis is back', async () => {
    await say('hi');
    expect(messagesIn((await say('1')).text).join('')).toContain('lack companionship');

    await redis.stop();
    const started = Date.now();
    const during = await say('2');
    const took = Date.now() - started;
    expect(during.status).toBe(200);
    expect(took).toBeLessThan(2000);
    const fallback = messagesIn(during.text).join('');
    expect(fallback).toContain("can't reply properly just now");
    expect(fallback).toContain('116 123');
    expect(fallback).toContain('SHOUT to 85258');
    expect(harness.logs.join('')).toContain('turn failed');
    expect((await request(harness.app).get('/readyz')).status).toBe(503);

    redis = await startRedisServer(redis.port, { dir });
    for (let i = 0; i < 40 && client.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await request(harness.app).get('/readyz')).status).toBe(200);
    // The answer sent during the outage was not taken: the same question is still waiting.
    const after = await say('2');
    expect(messagesIn(after.text).join('')).toContain('How often do you feel left out?');
  }, 20_000);
});
