import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCallbackStage } from '../../src/callbacks/callback-stage.js';
import { createTranslator } from '../../src/content/translate.js';
import { createMessageHandler } from '../../src/conversation/handle-message.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { openCallbackRecords } from '../support/callback-records.js';
import { fold, isOwnWords, scripts } from '../support/resident-words.js';
import { testBot } from '../support/test-bot.js';

async function storedValues(client: Redis, prefix: string): Promise<string[]> {
  const values: string[] = [];
  for await (const keys of client.scanStream({ match: `${prefix}:*`, count: 500 })) {
    for (const key of keys as string[]) {
      const type = await client.type(key);
      if (type === 'string') values.push((await client.get(key)) ?? '');
      else if (type === 'hash') values.push(...Object.entries(await client.hgetall(key)).flat());
      else if (type === 'zset') values.push(...(await client.zrange(key, '0', '-1')));
      else values.push(`<${type}>`);
    }
  }
  return values;
}

/**
 * The README promises that what residents write is never kept. Every scripted conversation in
 * test/conversations/ runs through the real message handler on Redis (sessions, stored replies, replay keys),
 * with the callback stage as the server runs it (a callback request's number and name go, encrypted, to the
 * records database only), and then every value stored under its keys is searched for every message the
 * resident sent.
 */
describe('words are never stored', () => {
  let client: Redis;
  let records: Awaited<ReturnType<typeof openCallbackRecords>>;
  const prefixes: string[] = [];
  beforeAll(async () => {
    client = createRedisClient(inject('redisUrl'));
    await once(client, 'ready');
    records = await openCallbackRecords();
  }, 120_000);
  afterAll(async () => {
    await records?.db.close();
    for (const prefix of prefixes) for await (const keys of client.scanStream({ match: `${prefix}:*`, count: 500 })) if ((keys as string[]).length) await client.del(...(keys as string[]));
    client.disconnect();
  });

  it('has conversations to scan', () => expect(scripts.length).toBeGreaterThan(5));

  for (const { file, turns } of scripts) {
    it(`${file}: nothing the resident wrote is in Redis`, async () => {
      const bot = await testBot();
      const prefix = `sp-words-${randomUUID().slice(0, 8)}`;
      prefixes.push(prefix);
      const store = new RedisStore(client, { prefix });
      let now = Date.parse('2026-11-23T10:00:00Z');
      const afterTurn = createCallbackStage({ records: async () => records.records, idSecret: 'words-test', translate: (locale) => createTranslator(bot.content, locale) });
      // Each script texts from its own number, so their callback requests never meet.
      const contact = { channel: 'sms' as const, address: `+4477009${String(scripts.findIndex((s) => s.file === file)).padStart(5, '0')}` };
      const handle = createMessageHandler({ engine: bot.engine, store, sessionTtlSeconds: 86_400, clock: () => now, afterTurn });
      const towns = new Set(bot.directory.current.towns.map((t) => fold(t.name)));
      for (const [i, turn] of turns.entries()) {
        now += 30_000;
        if (turn.after) now += Number(turn.after.slice(0, -1)) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[turn.after.at(-1) as 'd' | 'h' | 'm'];
        await handle({ conversationId: 'resident', messageId: `SM${String(i).padStart(32, '0')}`, contact, message: { text: turn.user, mediaCount: turn.media ?? 0 } });
      }
      const stored = (await storedValues(client, prefix)).join('\n');
      const leaked = turns.map((t) => t.user.trim()).filter((text) => isOwnWords(text, towns) && fold(stored).includes(fold(text)));
      expect(leaked, `stored values contain what the resident wrote:\n${stored.slice(0, 2000)}`).toEqual([]);
    });
  }
});
