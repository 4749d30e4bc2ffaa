import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { describeStoreContract } from './contract.js';

describeStoreContract('memory', async () => new MemoryStore());

describe('memory store bounds', () => {
  const commit = (store: MemoryStore, id: string, ttlSeconds: number, messageId?: string) =>
    store.commitTurn(id, {
      session: '{"s":1}',
      sessionTtlSeconds: ttlSeconds,
      ...(messageId ? { handled: { messageId, result: '[]', ttlSeconds } } : {}),
    });

  it('sweeps out expired sessions, handled results and replay keys without anyone reading them', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now, sweepEveryMs: 0 });
    for (let i = 0; i < 50; i++) await commit(store, `c${i}`, 1, `m${i}`);
    expect(store.conversationsHeld).toBe(50);
    now += 1_001;
    store.sweepExpired();
    expect(store.conversationsHeld).toBe(0);
    expect(await store.wasHandled('c1', { messageId: 'm1' })).toBe(false);
  });

  it('keeps live conversations when sweeping', async () => {
    let now = 0;
    const store = new MemoryStore({ now: () => now, sweepEveryMs: 0 });
    await commit(store, 'short', 1);
    await commit(store, 'long', 3600);
    now += 2_000;
    store.sweepExpired();
    expect(await store.getSession('long')).toBe('{"s":1}');
    expect(store.conversationsHeld).toBe(1);
  });

  it('drops the least recently written conversation past the cap, and says so', async () => {
    const dropped: number[] = [];
    const store = new MemoryStore({ maxConversations: 3, sweepEveryMs: 0, onEvict: (n) => dropped.push(n) });
    for (const id of ['a', 'b', 'c']) await commit(store, id, 60, `${id}-1`);
    await commit(store, 'a', 60); // a is now the most recent
    await commit(store, 'd', 60);
    expect(await store.getSession('b')).toBeNull();
    expect(await store.wasHandled('b', { messageId: 'b-1' })).toBe(false);
    expect(await store.getSession('a')).not.toBeNull();
    expect(await store.getSession('d')).not.toBeNull();
    expect(dropped).toEqual([1]);
  });
});
