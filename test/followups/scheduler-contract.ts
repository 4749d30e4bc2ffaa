import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { DueJob, Scheduler } from '../../src/followups/scheduler.js';

/**
 * Makes a scheduler whose retries come quickly (backoff in ms), isolated from every other test's, on the given
 * clock (default sending hours, 09:00-20:00 UK time).
 */
export type MakeScheduler = (retry: { attempts: number; backoffMs: number }, clock?: () => number) => Promise<Scheduler>;

/** A clock that runs at real speed from a chosen moment, so timers still fire (retry times are read from it). */
function clockFrom(iso: string): () => number {
  const offset = Date.parse(iso) - Date.now();
  return () => Date.now() + offset;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

/** A worker whose every run fails (Twilio down): the attempts it was given, in order. */
function failEveryRun(s: Scheduler): number[] {
  const attempts: number[] = [];
  s.startWorker(async (job) => {
    attempts.push(job.attempt);
    throw new Error('Twilio 503');
  });
  return attempts;
}

/** What every scheduler must do, whatever holds the jobs. */
export function describeSchedulerContract(name: string, make: MakeScheduler): void {
  describe(`scheduler contract: ${name}`, () => {
    const open: Scheduler[] = [];
    const scheduler = async (retry = { attempts: 3, backoffMs: 50 }, clock?: () => number) => {
      const s = await make(retry, clock);
      open.push(s);
      return s;
    };
    /** A follow-up due now on a clock started at `iso`, run by a worker whose every run fails (3 attempts, 50 ms backoff). */
    const failingFrom = async (iso: string, conversationId: string) => {
      const clock = clockFrom(iso);
      const s = await scheduler({ attempts: 3, backoffMs: 50 }, clock);
      const attempts = failEveryRun(s);
      await s.schedule({ conversationId, followUp: 'recheck', vars: {} }, clock());
      return { s, attempts };
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    it('runs a follow-up once when it is due, with what it kept, and not before', async () => {
      const s = await scheduler();
      const ran: DueJob[] = [];
      s.startWorker(async (job) => void ran.push(job));
      // Far enough ahead that a loaded machine still checks "pending" before it is due.
      const dueAt = Date.now() + 1500;
      await s.schedule({ conversationId: 'c1', followUp: 'did_you_go', vars: { activity: 'walk-1' } }, dueAt);
      expect(await s.pending('c1')).toEqual([{ followUp: 'did_you_go', dueAt: expect.closeTo(dueAt, -2) }]);
      await sleep(300);
      expect(ran).toEqual([]);
      await until(() => ran.length === 1);
      expect(ran[0]).toMatchObject({ conversationId: 'c1', followUp: 'did_you_go', vars: { activity: 'walk-1' }, attempt: 1 });
      expect(Date.now()).toBeGreaterThanOrEqual(dueAt - 20);
      await sleep(300);
      expect(ran).toHaveLength(1);
      expect(await s.pending('c1')).toEqual([]);
    });

    it('keeps one follow-up per conversation and kind: scheduling again moves it', async () => {
      const s = await scheduler();
      await s.schedule({ conversationId: 'c2', followUp: 'recheck', vars: { score: 9 } }, Date.now() + 60_000);
      const later = Date.now() + 120_000;
      await s.schedule({ conversationId: 'c2', followUp: 'recheck', vars: { score: 7 } }, later);
      await s.schedule({ conversationId: 'c2', followUp: 'did_you_go', vars: {} }, Date.now() + 90_000);
      expect((await s.pending('c2')).map((p) => p.followUp)).toEqual(['did_you_go', 'recheck']);
      expect((await s.pending('c2'))[1]!.dueAt).toBeCloseTo(later, -2);
    });

    it("cancels everything of one conversation at once, and nothing of anyone else's", async () => {
      const s = await scheduler();
      const ran: string[] = [];
      s.startWorker(async (job) => void ran.push(job.conversationId));
      const soon = Date.now() + 300;
      await s.schedule({ conversationId: 'c3', followUp: 'did_you_go', vars: {} }, soon);
      await s.schedule({ conversationId: 'c3', followUp: 'recheck', vars: {} }, soon);
      await s.schedule({ conversationId: 'c4', followUp: 'recheck', vars: {} }, soon);
      expect(await s.cancelAll('c3')).toBe(2);
      expect(await s.pending('c3')).toEqual([]);
      await until(() => ran.length === 1);
      await sleep(400);
      expect(ran).toEqual(['c4']);
    });

    it('retries a failed run with backoff, then gives up: never retried forever', async () => {
      // Midday UK time, so every retry falls inside the sending hours.
      const { attempts } = await failingFrom('2026-12-07T12:00:00Z', 'c5');
      await until(() => attempts.length === 3);
      await sleep(500);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('never retries in quiet hours: a retry due after 20:00 UK time waits for the next morning', async () => {
      // 19:59:59.96 in London (GMT in December): the 50 ms backoff lands just after 20:00.
      const { s, attempts } = await failingFrom('2026-12-07T19:59:59.960Z', 'c6');
      await until(() => attempts.length === 1);
      await sleep(800);
      expect(attempts).toEqual([1]);
      // Still waiting (not failed for good), for 09:00 the next day.
      expect((await s.pending('c6')).map((p) => p.followUp)).toEqual(['recheck']);
    });
  });
}
