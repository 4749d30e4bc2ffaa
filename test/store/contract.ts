import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLED_RESULTS, type LockOptions, type Store } from '../../src/store/store.js';

/**
 * The behaviour every Store must have. Run against each implementation so the in-memory default and Redis
 * cannot drift apart. Uses real time with 1 s TTLs (the Store takes seconds), so the whole suite stays ~2 s.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>, makeSecondInstance?: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const newId = () => `c-${randomUUID()}`;
    const day = 86_400;

    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(async () => {
      await store.close();
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('sessions', () => {
      it('has no session for a conversation never seen', async () => {
        expect(await store.getSession(newId())).toBeNull();
      });

      it('returns the session committed last, and none after committing null', async () => {
        const id = newId();
        await store.commitTurn(id, { session: '{"step":1}', sessionTtlSeconds: day });
        await store.commitTurn(id, { session: '{"step":2}', sessionTtlSeconds: day });
        expect(await store.getSession(id)).toBe('{"step":2}');
        await store.commitTurn(id, { session: null, sessionTtlSeconds: day });
        expect(await store.getSession(id)).toBeNull();
      });

      it('keeps conversations apart', async () => {
        const [a, b] = [newId(), newId()];
        await store.commitTurn(a, { session: 'a', sessionTtlSeconds: day });
        expect(await store.getSession(b)).toBeNull();
      });
    });

    describe('handled messages', () => {
      it('returns the stored result for that message only, in that conversation only', async () => {
        const [id, other] = [newId(), newId()];
        await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'r1', ttlSeconds: day } });
        await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM2', result: 'r2', ttlSeconds: day } });
        expect(await store.getHandledMessage(id, 'SM1')).toBe('r1');
        expect(await store.getHandledMessage(id, 'SM2')).toBe('r2');
        expect(await store.getHandledMessage(id, 'SM3')).toBeNull();
        expect(await store.getHandledMessage(other, 'SM1')).toBeNull();
      });

      it('always recognises the newest results, however many messages a day brings, and lets the oldest go', async () => {
        const id = newId();
        for (let i = 1; i <= 40; i++) {
          // Ttls a millisecond apart: newer expires later even when two commits share a millisecond.
          await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: `SM${i}`, result: `r${i}`, ttlSeconds: day + i / 1000 } });
          for (let back = 0; back < Math.min(i, HANDLED_RESULTS.keep); back++) expect(await store.getHandledMessage(id, `SM${i - back}`)).toBe(`r${i - back}`);
        }
        expect(await store.getHandledMessage(id, 'SM1')).toBeNull();
      });

      it('recognises a replay for the whole day, however many messages came after, by id or by idempotency token', async () => {
        const id = newId();
        await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM-first', result: 'r', ttlSeconds: day, idempotencyToken: 'tok-1' } });
        for (let i = 0; i < 100; i++) await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: `SM${i}`, result: 'r', ttlSeconds: day } });
        expect(await store.getHandledMessage(id, 'SM-first')).toBeNull();
        expect(await store.wasHandled(id, { messageId: 'SM-first' })).toBe(true);
        expect(await store.wasHandled(id, { messageId: 'SM-other', idempotencyToken: 'tok-1' })).toBe(true);
        expect(await store.wasHandled(id, { messageId: 'SM-other', idempotencyToken: 'tok-2' })).toBe(false);
        expect(await store.wasHandled(id, { idempotencyToken: 'SM-first' })).toBe(false);
        expect(await store.wasHandled(newId(), { messageId: 'SM-first' })).toBe(false);
        const turn = await store.beginTurn(id, { ttlMs: 5_000, waitMs: 1_000, messageId: 'SM-first' });
        expect(turn).toMatchObject({ handled: null, replayed: true });
        await turn!.abandon();
        await store.erase(id);
        expect(await store.wasHandled(id, { messageId: 'SM-first' })).toBe(false);
      });

      it('forgets replay keys after their ttl', async () => {
        const id = newId();
        await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'r', ttlSeconds: 0.3, idempotencyToken: 't1' } });
        expect(await store.wasHandled(id, { messageId: 'SM1' })).toBe(true);
        await sleep(400);
        expect(await store.wasHandled(id, { messageId: 'SM1', idempotencyToken: 't1' })).toBe(false);
      });

      it('keeps results that contain separators and unicode intact', async () => {
        const id = newId();
        const result = '{"replies":["12:30 – café ☕"]}';
        await store.commitTurn(id, { session: 's', sessionTtlSeconds: day, handled: { messageId: 'SM1', result, ttlSeconds: day } });
        expect(await store.getHandledMessage(id, 'SM1')).toBe(result);
      });
    });

    it('expires sessions and handled results after their own ttl, not before', async () => {
      const [short, long] = [newId(), newId()];
      await store.commitTurn(short, { session: 'short', sessionTtlSeconds: 1, handled: { messageId: 'SM-short', result: 'x', ttlSeconds: 1 } });
      // A later entry with a longer ttl must neither keep the first one alive nor be cut short by it.
      await store.commitTurn(short, { session: 'short', sessionTtlSeconds: 1, handled: { messageId: 'SM-long', result: 'y', ttlSeconds: 60 } });
      await store.commitTurn(long, { session: 'long', sessionTtlSeconds: 60, handled: { messageId: 'SM-x', result: 'z', ttlSeconds: 1 } });
      await store.commitTurn(long, { session: 'long', sessionTtlSeconds: 60, handled: { messageId: 'SM-y', result: 'w', ttlSeconds: 60 } });
      expect(await store.getSession(short)).toBe('short');
      await sleep(1_100);
      expect(await store.getSession(short)).toBeNull();
      expect(await store.getHandledMessage(short, 'SM-short')).toBeNull();
      expect(await store.getHandledMessage(short, 'SM-long')).toBe('y');
      expect(await store.getSession(long)).toBe('long');
      expect(await store.getHandledMessage(long, 'SM-x')).toBeNull();
      expect(await store.getHandledMessage(long, 'SM-y')).toBe('w');
    });

    describe('commitTurn', () => {
      it('writes the session and the handled result together', async () => {
        const id = newId();
        await store.commitTurn(id, { session: 'next', sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'r', ttlSeconds: day } });
        expect([await store.getSession(id), await store.getHandledMessage(id, 'SM1')]).toEqual(['next', 'r']);
      });

      it('can end a conversation and still record the message that ended it', async () => {
        const id = newId();
        await store.commitTurn(id, { session: 'old', sessionTtlSeconds: day });
        await store.commitTurn(id, { session: null, sessionTtlSeconds: day, handled: { messageId: 'SM9', result: 'bye', ttlSeconds: day } });
        expect([await store.getSession(id), await store.getHandledMessage(id, 'SM9')]).toEqual([null, 'bye']);
      });

      it('never lets a reader see a new session without its handled result', async () => {
        const id = newId();
        const turns = 40;
        let writing = true;
        const reader = (async () => {
          const seenWithout: string[] = [];
          while (writing) {
            const session = await store.getSession(id);
            // Missing only counts while the session is still that one: a result may be trimmed once newer turns land.
            if (session && (await store.getHandledMessage(id, `SM${session}`)) === null && (await store.getSession(id)) === session) seenWithout.push(session);
            await new Promise((resolve) => setImmediate(resolve)); // let the writer run (memory store never yields)
          }
          return seenWithout;
        })();
        for (let i = 0; i < turns; i++) {
          await store.commitTurn(id, { session: String(i), sessionTtlSeconds: day, handled: { messageId: `SM${i}`, result: 'ok', ttlSeconds: day } });
          await new Promise((resolve) => setImmediate(resolve));
        }
        writing = false;
        expect(await reader).toEqual([]);
      });
    });

    describe('erase', () => {
      it('removes everything about the conversation and nothing about others', async () => {
        const [id, other] = [newId(), newId()];
        for (const c of [id, other]) {
          await store.commitTurn(c, { session: c, sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'r', ttlSeconds: day } });
        }
        await store.erase(id);
        expect(await store.getSession(id)).toBeNull();
        expect(await store.getHandledMessage(id, 'SM1')).toBeNull();
        expect(await store.getSession(other)).toBe(other);
        expect(await store.getHandledMessage(other, 'SM1')).toBe('r');
      });

      it('is harmless for an unknown conversation and works while the turn holds the lock', async () => {
        const id = newId();
        await store.erase(newId());
        const lock = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        await store.commitTurn(id, { session: 's', sessionTtlSeconds: day });
        await store.erase(id);
        expect(await store.getSession(id)).toBeNull();
        // The lock is the erasing turn's own: erase leaves it alone, release frees it.
        expect(await store.lock(id, { ttlMs: 5_000, waitMs: 0 })).toBeNull();
        await lock?.release();
        const again = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        expect(again).not.toBeNull();
        await again?.release();
      });
      it('leaves a marker that drops a message which arrived before the erase but comes after it, on any store instance', async () => {
        const id = newId();
        const at = Date.now();
        await store.commitTurn(id, { session: 's', sessionTtlSeconds: day });
        await store.erase(id, { at });
        const bucket = { burst: 5, refillMs: 10_000 };
        // Arrived a moment before the erase: dropped before it takes anything from the sender's budget.
        expect(await store.takeFloodToken(id, bucket, at - 5)).toBe('erased');
        const late = await store.beginTurn(id, { ttlMs: 5_000, waitMs: 1_000, arrivedAt: at - 5 });
        expect(late).toMatchObject({ session: null, erased: true });
        await late!.abandon();
        // Arrived with the erase or after it, or with no arrival time: a new conversation may start.
        for (const arrivedAt of [at, at + 5, undefined]) {
          expect(await store.takeFloodToken(id, bucket, arrivedAt)).toBe('ok');
          const turn = await store.beginTurn(id, { ttlMs: 5_000, waitMs: 1_000, ...(arrivedAt !== undefined ? { arrivedAt } : {}) });
          expect(turn).toMatchObject({ erased: false });
          await turn!.abandon();
        }
        expect(await store.erasedSince(newId(), at - 5)).toBe(false);
      });
    });

    describe('beginTurn', () => {
      const lock = { ttlMs: 5_000, waitMs: 2_000 };

      it("reads the session and that message's stored result while holding the lock", async () => {
        const id = newId();
        await store.commitTurn(id, { session: 'S1', sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'R1', ttlSeconds: day } });
        const turn = await store.beginTurn(id, { ...lock, messageId: 'SM1' });
        expect(turn).toMatchObject({ session: 'S1', handled: 'R1' });
        expect(await store.beginTurn(id, { ...lock, waitMs: 0 })).toBeNull();
        await turn!.abandon();
        const other = await store.beginTurn(id, { ...lock, messageId: 'SM2' });
        expect(other).toMatchObject({ session: 'S1', handled: null });
        await other!.abandon();
      });

      it('commits the session and the handled result and releases the lock, in one go', async () => {
        const id = newId();
        const turn = await store.beginTurn(id, { ...lock, messageId: 'SM1' });
        expect(turn).toMatchObject({ session: null, handled: null });
        await turn!.commit({ session: 'S2', sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'R', ttlSeconds: day } });
        const next = await store.beginTurn(id, { ...lock, waitMs: 0, messageId: 'SM1' });
        expect(next).toMatchObject({ session: 'S2', handled: 'R' });
        await next!.abandon();
      });

      it('erases everything and releases the lock; a retry of any of its messages then starts nothing', async () => {
        const id = newId();
        await store.commitTurn(id, { session: 'S', sessionTtlSeconds: day, handled: { messageId: 'SM1', result: 'R', ttlSeconds: day, idempotencyToken: 'tok-1' } });
        const turn = await store.beginTurn(id, { ...lock, messageId: 'SM-delete' });
        await turn!.erase(day);
        for (const retry of [{ messageId: 'SM1' }, { messageId: 'SM-other', idempotencyToken: 'tok-1' }, { messageId: 'SM-delete' }]) {
          const next = await store.beginTurn(id, { ...lock, waitMs: 0, ...retry });
          expect(next).toMatchObject({ session: null, handled: null, replayed: true });
          await next!.abandon();
        }
        const fresh = await store.beginTurn(id, { ...lock, waitMs: 0, messageId: 'SM-new' });
        expect(fresh).toMatchObject({ session: null, handled: null, replayed: false });
        await fresh!.abandon();
      });

      it('lets a retry run when the conversation it erased is there after all (the erasure never finished)', async () => {
        const id = newId();
        await store.commitTurn(id, { session: 'S', sessionTtlSeconds: day });
        // Tombstones are written first; had the process died then, the session would still be there.
        await store.erase(newId(), { message: { messageId: 'SM-delete', ttlSeconds: day } });
        const retry = await store.beginTurn(id, { ...lock, messageId: 'SM-delete' });
        expect(retry).toMatchObject({ session: 'S', replayed: false });
        await retry!.abandon();
      });

      it('loses no update when 20 turns of one conversation run at once', async () => {
        const id = newId();
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            const turn = await store.beginTurn(id, { ttlMs: 5_000, waitMs: 10_000 });
            const n = Number(turn!.session ?? 0);
            await sleep(1);
            await turn!.commit({ session: String(n + 1), sessionTtlSeconds: day });
          }),
        );
        expect(await store.getSession(id)).toBe('20');
      });
    });

    describe('lock', () => {
      it('is exclusive per conversation and independent across conversations', async () => {
        const [id, other] = [newId(), newId()];
        const first = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        expect(first).not.toBeNull();
        expect(await store.lock(id, { ttlMs: 5_000, waitMs: 0 })).toBeNull();
        const elsewhere = await store.lock(other, { ttlMs: 5_000, waitMs: 0 });
        expect(elsewhere).not.toBeNull();
        await Promise.all([first?.release(), elsewhere?.release()]);
      });

      it('gives up with null once waitMs has passed', async () => {
        const id = newId();
        const held = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        const started = Date.now();
        expect(await store.lock(id, { ttlMs: 5_000, waitMs: 150 })).toBeNull();
        const waited = Date.now() - started;
        expect(waited).toBeGreaterThanOrEqual(140);
        expect(waited).toBeLessThan(600);
        await held?.release();
      });

      it('hands the lock to a waiter soon after the holder releases it', async () => {
        const id = newId();
        const held = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        const started = Date.now();
        setTimeout(() => void held?.release(), 100);
        const next = await store.lock(id, { ttlMs: 5_000, waitMs: 2_000 });
        expect(next).not.toBeNull();
        expect(Date.now() - started).toBeLessThan(400);
        await next?.release();
      });

      it('serves waiters strictly in arrival order, across store instances', async () => {
        const id = newId();
        const other = makeSecondInstance ? await makeSecondInstance() : store;
        const held = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        const order: number[] = [];
        // Arrivals 50 ms apart: two connections may deliver commands a few ms out of order on a busy machine,
        // and the order promised is the order requests reach the store.
        const spacing = 50;
        const waiters = Array.from({ length: 20 }, async (_, n) => {
          await sleep(n * spacing);
          const lock = await (n % 2 ? other : store).lock(id, { ttlMs: 5_000, waitMs: 8_000 });
          order.push(n);
          await sleep(2);
          await lock?.release();
        });
        await sleep(20 * spacing + 50);
        await held?.release();
        await Promise.all(waiters);
        if (other !== store) await other.close();
        expect(order).toEqual(Array.from({ length: 20 }, (_, n) => n));
      });

      it('lines waiters up by when their messages arrived, however late each ticket is taken, never ahead of the holder', async () => {
        const id = newId();
        const t0 = Date.now();
        const held = await store.lock(id, { ttlMs: 5_000, waitMs: 0, arrivedAt: t0 + 50 });
        // An earlier arrival whose ticket comes while a turn runs waits for it: the running turn is never overtaken.
        expect(await store.lock(id, { ttlMs: 5_000, waitMs: 0, arrivedAt: t0 })).toBeNull();
        const order: string[] = [];
        const wait = async (name: string, arrivedAt: number) => {
          const lock = await store.lock(id, { ttlMs: 5_000, waitMs: 3_000, arrivedAt });
          order.push(name);
          await sleep(2);
          await lock?.release();
        };
        const waiters = [wait('third', t0 + 30)];
        await sleep(20);
        waiters.push(wait('first', t0 + 10));
        await sleep(20);
        waiters.push(wait('second', t0 + 20));
        await sleep(20);
        await held?.release();
        await Promise.all(waiters);
        expect(order).toEqual(['first', 'second', 'third']);
      });

      it('passes over a dead holder at most 1 s after its ttl, and a waiter that gave up holds up nobody', async () => {
        const id = newId();
        await store.lock(id, { ttlMs: 600, waitMs: 0 }); // never released nor renewed: its process "died"
        expect(await store.lock(id, { ttlMs: 5_000, waitMs: 50 })).toBeNull(); // gives up, leaves the queue
        const started = Date.now();
        const next = await store.lock(id, { ttlMs: 5_000, waitMs: 5_000 });
        const waited = Date.now() - started;
        expect(next).not.toBeNull();
        expect(waited).toBeLessThan(600 + 1_000);
        await next?.release();
      });

      it('keeps a renewed lock past its ttl while its holder lives', async () => {
        const id = newId();
        const held = await store.lock(id, { ttlMs: 300, waitMs: 0, renewEveryMs: 100 });
        await sleep(700);
        expect(await store.lock(id, { ttlMs: 300, waitMs: 0 })).toBeNull();
        await held?.release();
        const next = await store.lock(id, { ttlMs: 300, waitMs: 0 });
        expect(next).not.toBeNull();
        await next?.release();
      });

      it('serves every waiter in turn before its wait runs out (FIFO-ish)', async () => {
        const id = newId();
        const held = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        const order: number[] = [];
        const waiters = [0, 1, 2, 3].map(async (n) => {
          await sleep(n * 20);
          const lock = await store.lock(id, { ttlMs: 5_000, waitMs: 3_000 });
          if (!lock) return;
          order.push(n);
          await sleep(20);
          await lock.release();
        });
        await sleep(120);
        await held?.release();
        await Promise.all(waiters);
        expect([...order].sort()).toEqual([0, 1, 2, 3]);
      });

      it('can be taken over once its holder has let it expire', async () => {
        const id = newId();
        const abandoned = await store.lock(id, { ttlMs: 100, waitMs: 0 });
        expect(abandoned).not.toBeNull();
        const started = Date.now();
        const next = await store.lock(id, { ttlMs: 5_000, waitMs: 2_000 });
        expect(next).not.toBeNull();
        expect(Date.now() - started).toBeLessThan(500);
        await next?.release();
      });

      it("ignores a release by a holder whose lock expired: the new holder's lock stays", async () => {
        const id = newId();
        const stale = await store.lock(id, { ttlMs: 80, waitMs: 0 });
        await sleep(120);
        const current = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        expect(current).not.toBeNull();
        await stale?.release();
        expect(await store.lock(id, { ttlMs: 5_000, waitMs: 50 })).toBeNull();
        await current?.release();
        const after = await store.lock(id, { ttlMs: 5_000, waitMs: 0 });
        expect(after).not.toBeNull();
        await after?.release();
      });

      it('loses no update when 20 turns read-modify-write one conversation at once', async () => {
        const id = newId();
        const increment = () =>
          withLock(store, id, { ttlMs: 5_000, waitMs: 10_000 }, async () => {
            const count = Number((await store.getSession(id)) ?? '0');
            await sleep(2); // widen the window a lost update would need
            await store.commitTurn(id, { session: String(count + 1), sessionTtlSeconds: day });
          });
        const outcomes = await Promise.all(Array.from({ length: 20 }, increment));
        expect(outcomes.every((o) => o.status === 'done')).toBe(true);
        expect(await store.getSession(id)).toBe('20');
      });
    });
  });
}

/** Run `fn` holding the conversation's lock; 'busy' when the lock could not be taken in time. */
async function withLock<T>(store: Store, conversationId: string, options: LockOptions, fn: () => Promise<T>): Promise<{ status: 'done'; value: T } | { status: 'busy' }> {
  const lock = await store.lock(conversationId, options);
  if (!lock) return { status: 'busy' };
  try {
    return { status: 'done', value: await fn() };
  } finally {
    await lock.release();
  }
}
