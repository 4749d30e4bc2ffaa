import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../src/store/redis-scripts.js';
import { RedisStore } from '../../src/store/redis-store.js';

/**
 * The settle window (src/store/settle-arrival.ts) applies only while another instance shares the store, or
 * may: a Redis store alone holds a message's lock as soon as its turn comes. Instances here refresh their
 * listing every 200 ms (a listing lasts 600 ms; a store settles for 400 ms after first learning who is there),
 * with a 400 ms window, so waiting and not waiting are far apart.
 */
export function describeSettling(name: string, connect: () => Promise<RedisClient>): void {
  const EVERY = 200;
  const WINDOW = 400;
  describe(`settling only when another instance shares the store: ${name}`, () => {
    let admin: RedisClient;
    const open: RedisStore[] = [];
    beforeAll(async () => {
      admin = await connect();
    });
    afterAll(async () => {
      await Promise.all(open.map((store) => store.close()));
      admin.disconnect();
    });

    const newPrefix = () => `sp-settle-${randomUUID().slice(0, 8)}`;
    async function instance(prefix: string, orderSettleMs = WINDOW): Promise<{ store: RedisStore; client: RedisClient }> {
      const client = await connect();
      const store = new RedisStore(client, { prefix, orderSettleMs, announceEveryMs: EVERY });
      open.push(store);
      return { store, client };
    }
    /** How long after its message arrived a turn got the lock, with nothing else queued. */
    async function heldAfter(store: RedisStore): Promise<number> {
      const arrivedAt = Date.now();
      const lock = await store.lock(`c-${randomUUID()}`, { ttlMs: 5_000, waitMs: 5_000, arrivedAt });
      const waited = Date.now() - arrivedAt;
      await lock?.release();
      return waited;
    }
    const pastCatchUp = () => sleep(2 * EVERY + 100);

    it('alone, settles only over its first refreshes (until peers would have seen it), then holds at once', async () => {
      const { store } = await instance(newPrefix());
      expect(await heldAfter(store)).toBeGreaterThanOrEqual(WINDOW - 5);
      await store.seenByPeers(); // nobody else listed: nothing to wait for
      await pastCatchUp();
      expect(await heldAfter(store)).toBeLessThan(WINDOW / 2);
    });

    it('with another instance, settles: an earlier arrival at the other that asks a moment later goes first', async () => {
      const prefix = newPrefix();
      const [{ store: a }, { store: b }] = [await instance(prefix), await instance(prefix)];
      await pastCatchUp();
      expect(await heldAfter(a)).toBeGreaterThanOrEqual(WINDOW - 5);
      const id = `c-${randomUUID()}`;
      const arrived = Date.now();
      const order: string[] = [];
      const take = async (store: RedisStore, name: string, arrivedAt: number) => {
        const lock = await store.lock(id, { ttlMs: 5_000, waitMs: 3_000, arrivedAt });
        order.push(name);
        await lock?.release();
      };
      // The later arrival reaches the store first (its twin is still reading its body on the other instance).
      const later = take(a, 'later', arrived + 3);
      await sleep(10);
      await Promise.all([later, take(b, 'earlier', arrived)]);
      expect(order).toEqual(['earlier', 'later']);
      // A message older than its window (replayed from the spool) holds at once.
      const old = await b.lock(id, { ttlMs: 5_000, waitMs: 0, arrivedAt: arrived - 1_000 });
      expect(old).not.toBeNull();
      await old?.release();
    });

    it('a newcomer that finds another instance is ready once that one has had time to see it', async () => {
      const prefix = newPrefix();
      const { store: a } = await instance(prefix);
      await pastCatchUp();
      const { store: b } = await instance(prefix);
      const started = Date.now();
      await b.seenByPeers();
      expect(Date.now() - started).toBeGreaterThanOrEqual(2 * EVERY - 5);
      expect(await heldAfter(a)).toBeGreaterThanOrEqual(WINDOW - 5);
    });

    it('stops settling when its peer stops: at its next refresh after a clean close, once the listing lapses after a crash', async () => {
      const prefix = newPrefix();
      const [{ store: a }, { store: b }, { client: c }] = [await instance(prefix), await instance(prefix), await instance(prefix)];
      await pastCatchUp();
      await b.close();
      await sleep(EVERY + 100);
      expect(await heldAfter(a)).toBeGreaterThanOrEqual(WINDOW - 5); // c is still there
      c.disconnect(); // c's process "died": its listing stays until it lapses (3 refreshes)
      await sleep(3 * EVERY + EVERY + 100);
      expect(await heldAfter(a)).toBeLessThan(WINDOW / 2);
    });

    it('lists only stores that settle (not a follow-up worker or a script), and takes them out on close', async () => {
      const prefix = newPrefix();
      const key = `${prefix}:instances`;
      await instance(prefix, 0);
      const { store } = await instance(prefix);
      await store.seenByPeers();
      expect(await admin.zcard(key)).toBe(1);
      await store.close();
      expect(await admin.exists(key)).toBe(0);
    });
  });
}
