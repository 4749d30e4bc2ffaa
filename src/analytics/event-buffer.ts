import type { AnalyticsRecord } from './analytics-record.js';

export interface EventBufferOptions {
  /** Stores one batch; throws when the database cannot take it (the batch is kept and tried again). */
  write: (records: AnalyticsRecord[]) => Promise<void>;
  /** How often buffered events are written. */
  flushEveryMs?: number;
  /** A batch this size is written at once, without waiting for the timer. */
  batchSize?: number;
  /** Events kept while the database is away; past this, new events are dropped (and counted). */
  capacity?: number;
  /** Batches written at once (each on its own connection). */
  concurrency?: number;
  /** Longest wait between attempts while the database is away. */
  maxBackoffMs?: number;
  onDropped?: (count: number, reason: 'buffer_full' | 'shutdown') => void;
  onWritten?: (count: number) => void;
  onError?: (error: unknown) => void;
}

/**
 * Events wait here, in this process, and are written in batches: every second, or as soon as a batch is full.
 * A turn only appends to an array, so it never waits on the analytics database, and a database outage never
 * fails a turn: the events are kept (up to `capacity`) and written once it is back, with a growing pause
 * between attempts. What cannot be kept is dropped and counted, never retried for ever.
 */
export function createEventBuffer(options: EventBufferOptions) {
  const { write, flushEveryMs = 1000, batchSize = 1000, capacity = 100_000, concurrency = 2, maxBackoffMs = 30_000 } = options;
  let pending: AnalyticsRecord[] = [];
  let writing: Promise<void> | null = null;
  let failures = 0;
  /** Events handed to `write` and not yet stored or given back. */
  let inFlight = 0;
  let retryAt = 0;
  let closed = false;
  const timer = setInterval(() => void flush(), flushEveryMs);
  timer.unref();

  function add(records: readonly AnalyticsRecord[]): void {
    if (closed || records.length === 0) return;
    const room = capacity - pending.length;
    if (room < records.length) options.onDropped?.(records.length - Math.max(room, 0), 'buffer_full');
    for (let i = 0; i < Math.min(room, records.length); i++) pending.push(records[i]!);
    if (pending.length >= batchSize && !writing && Date.now() >= retryAt) setImmediate(() => void flush());
  }

  /** Write what is waiting, a few batches at a time; resolves when done or when the database refused (kept for later). */
  function flush(): Promise<void> {
    if (writing) return writing;
    if (pending.length === 0 || Date.now() < retryAt) return Promise.resolve();
    writing = Promise.all(Array.from({ length: concurrency }, drain))
      .then(() => {})
      .finally(() => {
        writing = null;
      });
    return writing;
  }

  async function drain(): Promise<void> {
    while (pending.length && Date.now() >= retryAt) {
      const batch = pending.splice(0, batchSize);
      inFlight += batch.length;
      try {
        await write(batch);
      } catch (error) {
        inFlight -= batch.length;
        // Back at the front, to be written first once the database answers again.
        pending = batch.concat(pending);
        failures += 1;
        retryAt = Date.now() + Math.min(maxBackoffMs, 250 * 2 ** failures);
        options.onError?.(error);
        return;
      }
      inFlight -= batch.length;
      failures = 0;
      options.onWritten?.(batch.length);
    }
  }

  return {
    add,
    flush,
    /** Events waiting to be written. */
    size: () => pending.length,
    /**
     * Stop the timer and make one last attempt, for at most `closeWithinMs` (a shutdown must not wait on a
     * database that is away or still opening); what is still not written is counted as dropped.
     */
    async close(closeWithinMs = 2000): Promise<void> {
      closed = true;
      clearInterval(timer);
      let deadline: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => (deadline = setTimeout(resolve, closeWithinMs)));
      await Promise.race([(writing ?? Promise.resolve()).then(() => ((retryAt = 0), flush())), giveUp]);
      clearTimeout(deadline);
      // A write still hanging is counted as lost: the process is about to end.
      const lost = pending.length + inFlight;
      if (lost) options.onDropped?.(lost, 'shutdown');
      pending = [];
    },
  };
}

export type EventBuffer = ReturnType<typeof createEventBuffer>;
