import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createRedisFollowUpRecords } from '../../src/followups/follow-up-records.js';

const redis = new Redis(inject('redisUrl'));
afterAll(() => redis.disconnect());

describe('send claims on Redis', () => {
  it('a claim whose answer is lost (a timeout under load) is still ours, so the follow-up is sent once, not never', async () => {
    const prefix = `sp-claim-${randomUUID().slice(0, 8)}:`;
    // Redis takes the write, but the reply never reaches us.
    const lossy = new Proxy(redis, {
      get: (target, name) =>
        name === 'set'
          ? async (...args: Parameters<Redis['set']>) => {
              await (target.set as (...a: unknown[]) => Promise<unknown>)(...args);
              throw new Error('Command timed out');
            }
          : Reflect.get(target, name, target),
    });
    const worker = createRedisFollowUpRecords(lossy, { prefix });
    const other = createRedisFollowUpRecords(redis, { prefix });
    expect(await worker.claimSend('fu:c1:recheck:1')).toBe(true);
    expect(await other.claimSend('fu:c1:recheck:1')).toBe(false);
  });
});
