import { DEFAULT_SENDING_HOURS, type SendingHours } from './sending-hours.js';
import { jobIdOf, retryAt, RETRY, type DueJob, type FollowUpJob, type RunDueJob, type Scheduler } from './scheduler.js';

export interface MemorySchedulerOptions {
  clock?: () => number;
  retry?: { attempts: number; backoffMs: number };
  /** Retries wait for these hours (UK time), as first sends do. */
  hours?: SendingHours;
}

interface Waiting {
  job: DueJob;
  timer?: NodeJS.Timeout;
}

/**
 * Follow-ups held in this process, with timers: for a laptop without Redis. Lost on restart (said at start),
 * and one process only; production uses the BullMQ scheduler.
 */
export function createMemoryScheduler(options: MemorySchedulerOptions = {}): Scheduler {
  const clock = options.clock ?? Date.now;
  const retry = options.retry ?? RETRY;
  const hours = options.hours ?? DEFAULT_SENDING_HOURS;
  const waiting = new Map<string, Waiting>();
  let run: RunDueJob | null = null;
  let running = 0;
  let concurrency = 1;
  const ready: string[] = [];

  function arm(entry: Waiting): void {
    if (!run) return;
    clearTimeout(entry.timer);
    // setTimeout holds at most ~24.8 days; a longer wait re-arms when that one fires.
    const delay = Math.min(Math.max(0, entry.job.dueAt - clock()), 2 ** 31 - 1);
    entry.timer = setTimeout(() => (entry.job.dueAt <= clock() ? enqueue(entry.job.id) : arm(entry)), delay);
    entry.timer.unref?.();
  }

  function enqueue(id: string): void {
    ready.push(id);
    drain();
  }

  function drain(): void {
    while (run && running < concurrency && ready.length) {
      const entry = waiting.get(ready.shift()!);
      if (!entry) continue;
      waiting.delete(entry.job.id);
      running += 1;
      void attempt(entry.job).finally(() => {
        running -= 1;
        drain();
      });
    }
  }

  async function attempt(job: DueJob): Promise<void> {
    try {
      await run!(job);
    } catch {
      if (job.attempt >= retry.attempts || waiting.has(job.id)) return;
      const next: Waiting = { job: { ...job, attempt: job.attempt + 1, dueAt: retryAt(job.attempt, clock(), retry, hours) } };
      waiting.set(job.id, next);
      arm(next);
    }
  }

  return {
    kind: 'memory',
    async schedule(job: FollowUpJob, dueAt: number) {
      const id = jobIdOf(job.conversationId, job.followUp);
      clearTimeout(waiting.get(id)?.timer);
      const entry: Waiting = { job: { ...job, id, dueAt, attempt: 1 } };
      waiting.set(id, entry);
      arm(entry);
    },
    async cancelAll(conversationId) {
      let cancelled = 0;
      for (const [id, entry] of waiting) {
        if (entry.job.conversationId !== conversationId) continue;
        clearTimeout(entry.timer);
        waiting.delete(id);
        cancelled += 1;
      }
      return cancelled;
    },
    async pending(conversationId) {
      return [...waiting.values()]
        .filter((e) => e.job.conversationId === conversationId)
        .map((e) => ({ followUp: e.job.followUp, dueAt: e.job.dueAt }))
        .sort((a, b) => a.dueAt - b.dueAt);
    },
    startWorker(handler, workerOptions = {}) {
      run = handler;
      concurrency = workerOptions.concurrency ?? 1;
      for (const entry of waiting.values()) arm(entry);
      return {
        close: async () => {
          run = null;
          for (const entry of waiting.values()) clearTimeout(entry.timer);
        },
      };
    },
    async close() {
      run = null;
      for (const entry of waiting.values()) clearTimeout(entry.timer);
    },
  };
}
