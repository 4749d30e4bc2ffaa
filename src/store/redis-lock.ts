import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClient } from './redis-scripts.js';
import type { Lock, LockOptions } from './store.js';

/** Lock tokens need only be unique across processes: a random prefix per process, then a counter. */
const TOKEN_PREFIX = randomBytes(9).toString('base64url');
let tokenCounter = 0;
export function nextLockToken(): string {
  tokenCounter += 1;
  return `${TOKEN_PREFIX}${tokenCounter.toString(36)}`;
}

/**
 * Try `attempt` until it returns something or `waitMs` is spent, with 10–40 ms jitter between tries. Polling
 * is not a queue: waiters are served roughly, not strictly, in arrival order.
 */
export async function retryUntil<T>(waitMs: number, attempt: () => Promise<T | null>): Promise<T | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const result = await attempt();
    if (result !== null) return result;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return null;
    await sleep(Math.min(remaining, 10 + Math.random() * 30));
  }
}

/** SET NX PX with a unique token; released only by its holder. */
export function acquireRedisLock(client: RedisClient, key: string, options: LockOptions): Promise<Lock | null> {
  const token = nextLockToken();
  return retryUntil(options.waitMs, async () =>
    (await client.set(key, token, 'PX', options.ttlMs, 'NX')) === 'OK' ? { release: async () => void (await client.signpostReleaseLock(key, token)) } : null,
  );
}
