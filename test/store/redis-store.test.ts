import { replayFields } from '../../src/store/replay-fields.js';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient } from '../../src/store/redis-client.js';
import { ERASABLE_SUFFIXES } from '../../src/store/redis-keys.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { HANDLED_RESULTS } from '../../src/store/store.js';
import { measureSessionMemory } from '../support/measure-session-memory.js';
import { startRedisServer } from '../support/redis-server.js';
import { describeStoreContract } from './contract.js';
import { describeSettling } from './settling.js';

const redisUrl = inject('redisUrl');
// Test files run in parallel on one Redis: each keeps to its own prefix and flushes only that.
const prefix = `sp-test-${randomUUID().slice(0, 8)}`;

async function connect(url = redisUrl): Promise<Redis> {
  const client = createRedisClient(url);
  await once(client, 'ready');
  return client;
}

async function deleteKeys(client: Redis, pattern: string): Promise<void> {
  for await (const keys of client.scanStream({ match: pattern, count: 500 })) {
    if ((keys as string[]).length) await client.del(...(keys as string[]));
  }
}

describeStoreContract('redis', async () => new RedisStore(await connect(), { prefix }), async () => new RedisStore(await connect(), { prefix }));
describeSettling('redis', () => connect());

describe('RedisStore (Redis only)', () => {
  let admin: Redis;
  let store: RedisStore;
  const day = 86_400;

  beforeAll(async () => {
    admin = await connect();
    store = new RedisStore(await connect(), { prefix });
  });
  afterAll(async () => {
    await store.close();
    await deleteKeys(admin, `${prefix}:*`);
    await admin.quit();
  });

  it('puts the conversation id in a hash tag in every key, with TTLs', async () => {
    const id = `c-${randomUUID()}`;
    await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'r', ttlSeconds: 3_600 } });
    const lock = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
    const keys = (await admin.keys(`${prefix}:*${id}*`)).sort();
    expect(keys).toEqual(['alive', 'handled', 'queue', 'seen', 'session', 'tickets'].map((suffix) => `${prefix}:{${id}}:${suffix}`));
    expect(await admin.ttl(`${prefix}:{${id}}:session`)).toBeGreaterThan(day - 5);
    expect(await admin.ttl(`${prefix}:{${id}}:handled`)).toBeGreaterThan(3_600 - 5);
    expect(await admin.ttl(`${prefix}:{${id}}:seen`)).toBeGreaterThan(3_600 - 5);
    expect(await admin.pttl(`${prefix}:{${id}}:queue`)).toBeGreaterThan(4_000);
    await lock?.release();
  });

  it('keeps the handled hash alive as long as its longest-lived entry and sweeps expired entries once it grows', async () => {
    const id = `c-${randomUUID()}`;
    const handledKey = `${prefix}:{${id}}:handled`;
    await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM-long', result: 'a', ttlSeconds: 3_600 } });
    for (let i = 0; i < 16; i++) await admin.hset(handledKey, `SM-expired-${i}`, `${Date.now() - 1}:old`);
    await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM-short', result: 'b', ttlSeconds: 1 } });
    // Results are filed under the digest of their message id, as replay keys are.
    expect((await admin.hkeys(handledKey)).sort()).toEqual(['SM-long', 'SM-short'].map((messageId) => replayFields({ messageId })[0]).sort());
    expect(await admin.ttl(handledKey)).toBeGreaterThan(3_600 - 5);
  });

  it('erases every erasable key of the conversation but not its lock queue, which goes with its last ticket', async () => {
    const id = `c-${randomUUID()}`;
    for (const suffix of ERASABLE_SUFFIXES) {
      if (suffix === 'seen') await admin.hset(`${prefix}:{${id}}:seen`, 'mSeenField01', String(Date.now() + 60_000));
      else await admin.set(`${prefix}:{${id}}:${suffix}`, 'x');
    }
    const lock = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
    await store.erase(id, { at: 1_700_000_000_123 });
    expect((await admin.keys(`${prefix}:{${id}}:*`)).sort()).toEqual(['alive', 'erased', 'queue', 'tickets'].map((suffix) => `${prefix}:{${id}}:${suffix}`));
    // The erase marker: when, for a day, nothing else.
    expect(await admin.get(`${prefix}:{${id}}:erased`)).toBe('1700000000123');
    expect(await admin.pttl(`${prefix}:{${id}}:erased`)).toBeLessThanOrEqual(86_400_000);
    // What is left of a replay key is its digest alone, for its remaining time, under no conversation.
    expect(await admin.get(`${prefix}:erased:mSeenField01`)).toBe('1');
    expect(await admin.pttl(`${prefix}:erased:mSeenField01`)).toBeLessThanOrEqual(60_000);
    await lock?.release();
    expect(await admin.keys(`${prefix}:{${id}}:*`)).toEqual([`${prefix}:{${id}}:erased`]);
  });

  it('remembers a day of replay keys in a few dozen bytes each, dropping only expired ones', async () => {
    const id = `c-${randomUUID()}`;
    const seenKey = `${prefix}:{${id}}:seen`;
    for (let i = 0; i < 40; i++) await admin.hset(seenKey, `m:SM-old-${i}`, String(Date.now() - 1));
    for (let i = 0; i < 50; i++) {
      await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: `SM${String(i).padStart(32, '0')}`, result: '[]', ttlSeconds: day } });
    }
    const fields = await admin.hkeys(seenKey);
    expect(fields.filter((f) => f.startsWith('m:SM-old'))).toEqual([]);
    expect(fields).toHaveLength(50);
    const bytes = Number(await admin.memory('USAGE', seenKey, 'SAMPLES', 0));
    console.info(`MEMORY USAGE of 50 replay keys (Twilio-length message ids): ${bytes} bytes, ${Math.round(bytes / 50)} per message`);
    expect(bytes / 50).toBeLessThan(80);
  });

  it('reports a failed write instead of swallowing it, and still releases the lock', async () => {
    const id = `c-${randomUUID()}`;
    await admin.set(`${prefix}:{${id}}:handled`, 'not a hash');
    const turn = await store.beginTurn(id, { ttlMs: 10_000, waitMs: 0 });
    await expect(turn!.commit({ session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'r', ttlSeconds: day } })).rejects.toThrow(/WRONGTYPE/);
    expect(await admin.exists(`${prefix}:{${id}}:lock`)).toBe(0);
  });

  it('holds at most a few handled results per conversation, however busy', async () => {
    const id = `c-${randomUUID()}`;
    for (let i = 0; i < 100; i++) {
      await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: `SM${i}`, result: 'r'.repeat(500), ttlSeconds: day } });
      expect(await admin.hlen(`${prefix}:{${id}}:handled`)).toBeLessThanOrEqual(HANDLED_RESULTS.trimAbove);
    }
  });

  it('measures MEMORY USAGE of a typical idle session key', async () => {
    const measured = await measureSessionMemory(admin);
    console.info(`MEMORY USAGE of one idle session key (${measured.valueBytes}-byte JSON): ${measured.memoryUsageBytes} bytes`);
    expect(measured.valueBytes).toBeGreaterThan(380);
    expect(measured.memoryUsageBytes).toBeGreaterThan(measured.valueBytes);
    expect(measured.memoryUsageBytes).toBeLessThan(1_024);
  });

  it('fails fast while Redis is down and works again once it is back', async () => {
    const server = await startRedisServer();
    const client = await connect(server.url);
    const flaky = new RedisStore(client, { prefix });
    try {
      await flaky.commitTurn('c-down', { session: 'before', sessionTtlSeconds: 60 });
      await server.stop();

      const started = Date.now();
      await expect(flaky.ping()).rejects.toThrow();
      await expect(flaky.getSession('c-down')).rejects.toThrow();
      await expect(flaky.lock('c-down', { ttlMs: 1_000, waitMs: 100 })).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1_000);

      const restarted = await startRedisServer(server.port);
      try {
        const deadline = Date.now() + 5_000;
        while (await flaky.ping().then(() => false, () => Date.now() < deadline)) await sleep(50);
        await flaky.commitTurn('c-down', { session: 'after', sessionTtlSeconds: 60 });
        expect(await flaky.getSession('c-down')).toBe('after');
      } finally {
        await restarted.stop();
      }
    } finally {
      await flaky.close();
      await server.stop();
    }
  });
});
