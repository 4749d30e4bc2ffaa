import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClient, Settled } from './redis-scripts.js';
import { settlesAt } from './settle-arrival.js';
import type { LockOptions } from './store.js';

/** Lock tokens need only be unique across processes: a random prefix per process, then a counter. */
const TOKEN_PREFIX = randomBytes(9).toString('base64url');
let tokenCounter = 0;
export function nextLockToken(): string {
  tokenCounter += 1;
  return `${TOKEN_PREFIX}${tokenCounter.toString(36)}`;
}

/** The three keys of one conversation's lock queue (see redis-scripts.ts). */
export type LockQueueKeys = [queue: string, alive: string, tickets: string];

/**
 * Wait for our ticket to come up, holding no sooner than `settleMs` after its arrival (settle-arrival.ts; 0
 * when no other instance may be racing it): `poll` takes the ticket on its first call ('join') and renews it on every
 * call; it answers the result once the ticket holds the lock, 0 while others are ahead (or its settle window
 * is still open), -1 if the ticket was dropped (it went unrenewed past its ttl: then it joins again, at the
 * back). Polls every 5–20 ms, or once the settle window closes if that is sooner; a ticket that gives up
 * leaves the queue so it holds up nobody. Renewal goes on while held, until `stop` is called.
 */
export async function waitForTicket<T>(
  client: RedisClient,
  keys: LockQueueKeys,
  options: LockOptions,
  settleMs: number,
  poll: (token: string, mode: 'join' | '', settled: Settled) => Promise<T | 0 | -1>,
): Promise<{ value: T; token: string; stopRenewing: () => void } | null> {
  const token = nextLockToken();
  const deadline = Date.now() + options.waitMs;
  const settles = settlesAt(options.arrivedAt, settleMs);
  let mode: 'join' | '' = 'join';
  try {
    for (;;) {
      const unsettled = settles - Date.now();
      const result = await poll(token, mode, unsettled > 0 ? '' : '1');
      if (result !== 0 && result !== -1) return { value: result, token, stopRenewing: renewWhileHeld(client, keys, token, options) };
      mode = result === -1 ? 'join' : '';
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const untilSettled = settles - Date.now();
      await sleep(Math.min(remaining, untilSettled > 0 ? untilSettled : 5 + Math.random() * 15));
    }
  } catch (error) {
    await leaveQueue(client, keys, token).catch(() => {});
    throw error;
  }
  await leaveQueue(client, keys, token);
  return null;
}

export async function leaveQueue(client: RedisClient, [queue, alive, tickets]: LockQueueKeys, token: string): Promise<void> {
  await client.signpostLeaveQueue(queue, alive, tickets, token);
}

/** Keep a held ticket alive every `renewEveryMs` (renewal failures are ignored: the next one may succeed). */
function renewWhileHeld(client: RedisClient, [queue, alive, tickets]: LockQueueKeys, token: string, options: LockOptions): () => void {
  if (!options.renewEveryMs) return () => {};
  const timer = setInterval(() => void client.signpostTakeTicket(queue, alive, tickets, token, options.ttlMs, '', '', '1').catch(() => {}), options.renewEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
