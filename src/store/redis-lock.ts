import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClient } from './redis-scripts.js';
import type { Lock, LockOptions } from './store.js';

/**
 * SET NX PX with a random token, polled with 10–40 ms jitter until `waitMs` is spent. Polling is not a queue:
 * waiters are served roughly, not strictly, in arrival order.
 */
export async function acquireRedisLock(client: RedisClient, key: string, options: LockOptions): Promise<Lock | null> {
  const token = randomBytes(16).toString('base64url');
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if ((await client.set(key, token, 'PX', options.ttlMs, 'NX')) === 'OK') {
      return { release: async () => void (await client.signpostReleaseLock(key, token)) };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return null;
    await sleep(Math.min(remaining, 10 + Math.random() * 30));
  }
}
