import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { followUpJobSchema, JOB_ID_PREFIX, jobIdOf, RETRY, retryAt, type FollowUpJob, type Scheduler } from './scheduler.js';
import { DEFAULT_SENDING_HOURS, type SendingHours } from './sending-hours.js';

export interface BullSchedulerOptions {
  /** Host and port (or a URL's parts) of the Redis that holds the queue. */
  connection: ConnectionOptions;
  /** Every follow-up kind the flows can schedule: cancelling removes each one's job id. */
  followUps: readonly string[];
  /** Key prefix, so tests and several deployments can share one Redis. */
  prefix?: string;
  queueName?: string;
  retry?: { attempts: number; backoffMs: number };
  /** Retries wait for these hours (UK time), as first sends do. */
  hours?: SendingHours;
  clock?: () => number;
  /**
   * How long a worker's hold on a job lasts without renewal: a worker that dies mid-job lets another take the
   * job after about this long (BullMQ's 30 s by default).
   */
  lockDurationMs?: number;
}

/**
 * Kept small (a pending follow-up costs Redis memory until it is due): the conversation id is in the job id, the
 * kind is the job's name; only kept answers and the sealed contact travel as data.
 */
type JobData = { v?: FollowUpJob['vars']; s?: string };

/** BullMQ's name for our backoff (see `retryAt`), kept short: every pending job's options carry it. */
const IN_HOURS = 'hours';
/** Nothing is kept once a job is done or has failed for good (the sealed number goes with it); outcomes are counted. */
const KEEP_NONE = { count: 0 };

/**
 * Follow-ups as delayed BullMQ jobs on Redis: they survive restarts, and a job id per conversation and kind
 * means several web processes scheduling the same follow-up leave one job, run by one worker.
 */
export function createBullScheduler(options: BullSchedulerOptions): Scheduler {
  const name = options.queueName ?? 'followups';
  const prefix = options.prefix ?? 'signpost';
  const retry = options.retry ?? RETRY;
  const hours = options.hours ?? DEFAULT_SENDING_HOURS;
  const clock = options.clock ?? Date.now;
  // The events stream is for dashboards; capped short, it costs next to nothing per follow-up.
  const queue = new Queue<JobData>(name, { connection: options.connection, prefix, streams: { events: { maxLen: 1000 } } });
  const workers = new Set<Worker>();

  async function remove(id: string): Promise<void> {
    try {
      await queue.remove(id);
    } catch {
      // A job being run right now is locked; the run itself finds the follow-up cancelled and drops it.
    }
  }

  return {
    kind: 'bullmq',
    async schedule(job, dueAt) {
      const id = jobIdOf(job.conversationId, job.followUp);
      // Adding an id that exists is silently ignored by BullMQ: remove first, so a new time replaces the old.
      await remove(id);
      const data: JobData = {
        ...(Object.keys(job.vars).length ? { v: job.vars } : {}),
        ...(job.sealedContact ? { s: job.sealedContact } : {}),
      };
      await queue.add(job.followUp, data, {
        jobId: id,
        delay: Math.max(0, dueAt - clock()),
        attempts: retry.attempts,
        // Removal when done is the worker's setting (KEEP_NONE), not repeated in every pending job's options.
        backoff: { type: IN_HOURS },
      });
    },
    async cancelAll(conversationId) {
      // remove() answers 1 even for an id that does not exist, so count what was there first.
      const ids = options.followUps.map((f) => jobIdOf(conversationId, f));
      const there = (await Promise.all(ids.map((id) => queue.getJob(id)))).filter((job) => job !== undefined);
      await Promise.all(ids.map(remove));
      return there.length;
    },
    async pending(conversationId) {
      const jobs = await Promise.all(options.followUps.map((f) => queue.getJob(jobIdOf(conversationId, f))));
      const waiting = await Promise.all(jobs.map(async (j) => (j && ['delayed', 'waiting', 'prioritized'].includes(await j.getState()) ? j : null)));
      return waiting
        .flatMap((j) => (j ? [{ followUp: j.name, dueAt: j.timestamp + (j.opts.delay ?? 0) }] : []))
        .sort((a, b) => a.dueAt - b.dueAt);
    },
    startWorker(run, workerOptions = {}) {
      const worker = new Worker<JobData>(
        name,
        async (job) => {
          const conversationId = job.id!.slice(JOB_ID_PREFIX.length, -(job.name.length + 1));
          const parsed = followUpJobSchema.parse({ conversationId, followUp: job.name, vars: job.data.v ?? {}, ...(job.data.s ? { sealedContact: job.data.s } : {}) });
          await run({ ...parsed, id: job.id!, dueAt: job.timestamp + (job.opts.delay ?? 0), attempt: job.attemptsMade + 1 });
        },
        {
          connection: { ...options.connection, maxRetriesPerRequest: null },
          prefix,
          concurrency: workerOptions.concurrency ?? 5,
          removeOnComplete: KEEP_NONE,
          removeOnFail: KEEP_NONE,
          settings: { backoffStrategy: (attemptsMade: number) => retryAt(attemptsMade, clock(), retry, hours) - clock() },
          ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs / 2 } : {}),
        },
      );
      // Failures are retried and counted by the runner itself; the event only stops an unhandled 'error'.
      worker.on('error', () => {});
      workers.add(worker);
      return {
        close: async () => {
          workers.delete(worker);
          await worker.close();
        },
      };
    },
    async close() {
      await Promise.all([...workers].map((w) => w.close()));
      await queue.close();
    },
  };
}
