import type { AnalyticsEvent } from '../conversation/analytics-event.js';
import type { Channel } from '../conversation/reply.js';
import type { FollowUpOutcome, FollowUpOutcomeDetail } from '../followups/run-due-follow-up.js';
import { JOB_ID_PREFIX } from '../followups/scheduler.js';
import { analyticsRecordSchema } from './analytics-record.js';
import type { EventBuffer } from './event-buffer.js';
import { createPseudonymiser } from './pseudonym.js';
import { toAnalyticsRecords } from './to-analytics-records.js';

export interface AnalyticsRecorderOptions {
  key: Buffer;
  buffer: Pick<EventBuffer, 'add'>;
  /** The follow-up kinds the flows schedule (each the name of its flow). */
  followUps: Iterable<string>;
  clock?: () => number;
  /** Engine events that could not be stored as they were (counted, never stored). */
  onRefused?: (count: number) => void;
}

/**
 * What the host calls after a turn or a follow-up: turns engine events into anonymous rows and hands them to
 * the buffer. Synchronous and cheap, so it can sit on the webhook's path.
 */
export function createAnalyticsRecorder(options: AnalyticsRecorderOptions) {
  const pseudonymise = createPseudonymiser(options.key);
  const followUps = new Set(options.followUps);
  const clock = options.clock ?? Date.now;
  const keep = (events: readonly AnalyticsEvent[], conversationId: string, turn: 'resident' | 'follow_up', channel?: Channel) => {
    const { records, refused } = toAnalyticsRecords(events, { conversationId, at: new Date(clock()), turn, pseudonymise, followUps, ...(channel ? { channel } : {}) });
    if (refused) options.onRefused?.(refused);
    options.buffer.add(records);
  };
  return {
    /** A resident's turn (webhook, chat page). */
    recordTurn(events: readonly AnalyticsEvent[], conversationId: string, channel?: Channel): void {
      keep(events, conversationId, 'resident', channel);
    },
    /** The turn of a follow-up that was sent. */
    recordFollowUpSent(events: readonly AnalyticsEvent[], conversationId: string, channel: Channel): void {
      keep(events, conversationId, 'follow_up', channel);
    },
    /** What became of a due follow-up (the worker's listener): counted once its message went, tracked or not. */
    recordFollowUpOutcome(outcome: FollowUpOutcome, conversationId: string, detail: FollowUpOutcomeDetail): void {
      if ((outcome === 'sent' || outcome === 'sent_untracked') && detail.events && detail.channel) keep(detail.events, conversationId, 'follow_up', detail.channel);
    },
    /** Twilio says a follow-up's message reached the phone; `job` is the follow-up job's id. */
    recordDelivered(job: string, channel?: Channel): void {
      const match = job.startsWith(JOB_ID_PREFIX) ? /^(.+):([a-z0-9_]+)$/.exec(job.slice(JOB_ID_PREFIX.length)) : null;
      if (!match) return;
      const at = new Date(clock());
      const parsed = analyticsRecordSchema.safeParse({
        at,
        pseudonym: pseudonymise(match[1]!, at),
        event: 'follow_up_delivered',
        channel: channel ?? '',
        language: '',
        campaign: '',
        detail: match[2],
        amount: null,
      });
      if (parsed.success) options.buffer.add([parsed.data]);
    },
  };
}

export type AnalyticsRecorder = ReturnType<typeof createAnalyticsRecorder>;
