import type { Redis } from 'ioredis';
import { RedisStore } from '../../src/store/redis-store.js';

export interface SessionMemory {
  key: string;
  valueBytes: number;
  /** MEMORY USAGE of the key: value, key name, TTL entry and Redis' own overhead. */
  memoryUsageBytes: number;
}

/**
 * A resident part-way through a flow, idle between turns: the shape src/conversation/session.ts stores,
 * about 400 bytes of JSON.
 */
export function typicalSessionJson(): string {
  return JSON.stringify({
    v: 1,
    flows: '2025-11-20:9f2c41d7a0b3e6f1',
    locale: 'en',
    at: 'activities.pick_interest',
    vars: { companionship: 'some_of_the_time', left_out: 'hardly_ever', isolated: 'some_of_the_time', score: 5, band: 'some' },
    trail: ['welcome.offer_checkin', 'checkin.companionship', 'checkin.left_out', 'checkin.isolated', 'results.some_band'],
    misses: 0,
    page: 1,
    campaign: 'BUSSTOP',
    startedAt: 1763630000000,
    lastSeenAt: 1763630456789,
  });
}

/** Store one idle session through RedisStore (real key name and TTL), read MEMORY USAGE, then remove it. */
export async function measureSessionMemory(client: Redis, sessionJson = typicalSessionJson()): Promise<SessionMemory> {
  const prefix = `sp-measure-${process.pid}`;
  const store = new RedisStore(client, { prefix });
  const conversationId = 'mZ3q9xK2vB7nR4tY8wL1aE'; // 22 chars, like conversationIdFor()
  await store.commitTurn(conversationId, { session: sessionJson, sessionTtlSeconds: 30 * 86_400 });
  const key = `${prefix}:{${conversationId}}:session`;
  try {
    const memoryUsageBytes = Number(await client.memory('USAGE', key, 'SAMPLES', 0));
    return { key, valueBytes: Buffer.byteLength(sessionJson), memoryUsageBytes };
  } finally {
    await client.del(key);
  }
}
