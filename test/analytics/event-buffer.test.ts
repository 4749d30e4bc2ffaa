import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnalyticsRecord } from '../../src/analytics/analytics-record.js';
import { createEventBuffer } from '../../src/analytics/event-buffer.js';
import { people } from '../support/analytics-people.js';

const events = (n: number, first = 0): AnalyticsRecord[] => people(n, { event: 'conversation_started' }, first);

describe('the analytics buffer', () => {
  afterEach(() => vi.useRealTimers());

  it('writes what waits every second, in one batch, without the caller waiting', async () => {
    vi.useFakeTimers();
    const batches: number[] = [];
    const buffer = createEventBuffer({ write: async (r) => void batches.push(r.length) });
    buffer.add(events(3));
    buffer.add(events(2, 3));
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toEqual([5]);
    expect(buffer.size()).toBe(0);
    await buffer.close();
  });

  it('writes a full batch at once rather than waiting for the timer', async () => {
    vi.useFakeTimers();
    const batches: number[] = [];
    const buffer = createEventBuffer({ batchSize: 10, write: async (r) => void batches.push(r.length) });
    buffer.add(events(12));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([10, 2]);
    await buffer.close();
  });

  it('keeps events while the database is away and writes them, in order, once it is back', async () => {
    vi.useFakeTimers();
    let up = false;
    const stored: string[] = [];
    const errors: unknown[] = [];
    const buffer = createEventBuffer({
      write: async (r) => {
        if (!up) throw new Error('connection refused');
        stored.push(...r.map((x) => x.pseudonym));
      },
      onError: (e) => errors.push(e),
    });
    buffer.add(events(4));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stored).toEqual([]);
    expect(errors.length).toBeGreaterThan(1);
    expect(buffer.size()).toBe(4);
    up = true;
    buffer.add(events(1, 4));
    await vi.advanceTimersByTimeAsync(31_000);
    expect(stored).toEqual(events(5).map((e) => e.pseudonym));
    await buffer.close();
  });

  it('drops and counts what does not fit while the database is away, never growing without bound', async () => {
    vi.useFakeTimers();
    const dropped: [number, string][] = [];
    const buffer = createEventBuffer({
      capacity: 10,
      write: async () => {
        throw new Error('down');
      },
      onDropped: (n, reason) => dropped.push([n, reason]),
    });
    buffer.add(events(8));
    buffer.add(events(5, 8));
    expect(buffer.size()).toBe(10);
    expect(dropped).toEqual([[3, 'buffer_full']]);
    await buffer.close();
    expect(dropped).toEqual([
      [3, 'buffer_full'],
      [10, 'shutdown'],
    ]);
  });

  it('writes what is left when it closes', async () => {
    const stored: number[] = [];
    const buffer = createEventBuffer({ flushEveryMs: 60_000, write: async (r) => void stored.push(r.length) });
    buffer.add(events(7));
    await buffer.close();
    expect(stored).toEqual([7]);
    buffer.add(events(1));
    expect(buffer.size()).toBe(0);
  });

  it('gives up on a database that does not answer within the shutdown time, counting what was left', async () => {
    vi.useFakeTimers();
    const dropped: [number, string][] = [];
    const buffer = createEventBuffer({ write: () => new Promise(() => {}), onDropped: (n, reason) => dropped.push([n, reason]) });
    buffer.add(events(3));
    const closing = buffer.close(2000);
    await vi.advanceTimersByTimeAsync(2000);
    await closing;
    expect(dropped).toEqual([[3, 'shutdown']]);
  });
});
