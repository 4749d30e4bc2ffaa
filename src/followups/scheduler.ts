import { z } from 'zod';
import { scalarSchema } from '../flow/flow-schema.js';
import { nextSendingTime, type SendingHours } from './sending-hours.js';

/** One follow-up waiting to be sent: which conversation, which follow-up flow, and the answers it kept. */
export const followUpJobSchema = z.object({
  conversationId: z.string().min(1),
  followUp: z.string().regex(/^[a-z][a-z0-9_]*$/),
  vars: z.record(z.string(), scalarSchema),
  /** Where to send it, sealed (AES-256-GCM): kept with the job alone, so it goes when the job goes. */
  sealedContact: z.string().optional(),
});
export type FollowUpJob = z.infer<typeof followUpJobSchema>;

export interface DueJob extends FollowUpJob {
  /** The same for every attempt of this follow-up: one per conversation and follow-up kind. */
  id: string;
  dueAt: number;
  /** 1 on the first attempt. */
  attempt: number;
}

/** Runs one due job. Throwing asks for a retry with backoff (a limited number of times). */
export type RunDueJob = (job: DueJob) => Promise<void>;

export interface SchedulerWorker {
  close(): Promise<void>;
}

/**
 * Where follow-ups wait until they are due. Both implementations (BullMQ on Redis, in-process for a laptop)
 * pass test/followups/scheduler-contract.ts.
 */
export interface Scheduler {
  readonly kind: 'bullmq' | 'memory';
  /** Schedule a follow-up, replacing one of the same kind for the same conversation. */
  schedule(job: FollowUpJob, dueAt: number): Promise<void>;
  /** Cancel every follow-up of a conversation, at once. Returns how many were waiting. */
  cancelAll(conversationId: string): Promise<number>;
  /** What is waiting for a conversation, soonest first. */
  pending(conversationId: string): Promise<Array<{ followUp: string; dueAt: number }>>;
  /** Start running due jobs in this process. */
  startWorker(run: RunDueJob, options?: { concurrency?: number }): SchedulerWorker;
  close(): Promise<void>;
}

/** Retries after a failed attempt: 30 s, 1, 2, 4 min… then the job is kept as failed (and counted), never retried forever. */
export const RETRY = { attempts: 5, backoffMs: 30_000 } as const;

/**
 * When the next attempt after a failed one (`attempt` = 1 for the first) may run: the backoff from now, moved to
 * the next sending time when it would land in quiet hours (a retry at 20:01 waits for 09:00).
 */
export function retryAt(attempt: number, now: number, retry: { backoffMs: number }, hours: SendingHours): number {
  return nextSendingTime(now + retry.backoffMs * 2 ** (attempt - 1), hours);
}

/** One id per conversation and follow-up kind, so the same follow-up is never waiting twice. */
export function jobIdOf(conversationId: string, followUp: string): string {
  return `${JOB_ID_PREFIX}${conversationId}:${followUp}`;
}

export const JOB_ID_PREFIX = 'fu:';
