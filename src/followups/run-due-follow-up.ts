import type { AnalyticsEvent } from '../conversation/analytics-event.js';
import type { MessageHandler } from '../conversation/handle-message.js';
import type { Channel } from '../conversation/reply.js';
import { openContact, type FollowUpRecords } from './follow-up-records.js';
import type { Sealer } from './seal.js';
import { OPTED_OUT, type FollowUpSender } from './follow-up-sender.js';
import type { DueJob, Scheduler } from './scheduler.js';
import { nextSendingTime, type SendingHours } from './sending-hours.js';

/** What became of one due follow-up, for counting (metrics, the benchmark), never with a number in it. */
export type FollowUpOutcome = 'sent' | 'sent_untracked' | 'dropped' | 'no_contact' | 'already_sent' | 'skipped_no_template' | 'refused' | 'failed';

/** What became of a due follow-up; a sent one comes with its turn's events and the channel it went by. */
export type FollowUpOutcomeListener = (outcome: FollowUpOutcome, job: DueJob, detail: FollowUpOutcomeDetail) => void;
export type FollowUpOutcomeDetail = { code?: number; events?: AnalyticsEvent[]; channel?: Channel };

export interface RunDueFollowUpOptions {
  handleMessage: MessageHandler;
  records: FollowUpRecords;
  scheduler: Scheduler;
  sealer: Sealer;
  send: FollowUpSender;
  onOutcome?: FollowUpOutcomeListener;
  /** When given, a job picked up outside these hours (a backlog at 19:59) waits for the next sending time. */
  hours?: SendingHours;
  clock?: () => number;
}

/** Thrown to have the scheduler try the job again later (with backoff). */
export class RetryLater extends Error {
  override name = 'RetryLater';
}

/**
 * One due follow-up, end to end: it enters the same engine pipeline as a message, under the conversation's lock,
 * as a `follow_up_due` event; what the flow says is sent by Twilio's REST API to the sealed number. Only the
 * first run of a job sends (a claim per job and due time), so two workers or a retry never text twice.
 */
export function createDueFollowUpRunner(options: RunDueFollowUpOptions) {
  const { records, scheduler } = options;
  const report = options.onOutcome ?? (() => {});

  const clock = options.clock ?? Date.now;

  return async function runDueFollowUp(job: DueJob): Promise<FollowUpOutcome> {
    // Before the turn, so the conversation is untouched; the retry lands at the next sending time (`retryAt`).
    const now = clock();
    if (options.hours && nextSendingTime(now, options.hours) !== now) throw new RetryLater('outside sending hours');
    const contact = openContact(options.sealer, job.sealedContact);
    // Checked before the turn, so a follow-up that cannot go leaves the conversation where it was.
    if (!contact) return done('no_contact');
    if (!options.send.canSend(contact, job.followUp)) return done('skipped_no_template');
    // A retried job must find its own turn's replies again, not run the follow-up's flow twice.
    const sendId = `${job.id}:${job.dueAt}`;
    const turn = await options.handleMessage({
      conversationId: job.conversationId,
      messageId: `followup:${sendId}`,
      event: { kind: 'follow_up_due', followUp: job.followUp, jobId: job.id, vars: job.vars },
    });
    if (turn.status === 'busy') throw new RetryLater('conversation busy');
    const events = turn.status === 'handled' ? turn.events : [];
    if (turn.replies.length === 0) return done('dropped', { events });
    if (!(await records.claimSend(sendId))) return done('already_sent');
    const sent = await options.send.send(contact, job.followUp, turn.replies);
    switch (sent.status) {
      case 'sent':
        try {
          for (const sid of sent.sids) await records.recordDelivery(sid, { job: job.id, status: 'sent' });
        } catch {
          // The message went: a retry could not send it again (the claim holds), so the job is done; only its
          // delivery status goes untracked (the status callback finds no record and is ignored).
          return done('sent_untracked', { events, channel: contact.channel });
        }
        return done('sent', { events, channel: contact.channel });
      case 'skipped':
        return done('skipped_no_template');
      case 'retry':
        await records.releaseSend(sendId);
        throw new RetryLater(sent.reason);
      case 'refused':
        await scheduler.cancelAll(job.conversationId);
        // A carrier opt-out is the resident's STOP: recorded in the conversation too, so nothing more is sent.
        if (sent.code === OPTED_OUT) await options.handleMessage({ conversationId: job.conversationId, contact, message: { text: '', carrierOptOut: 'STOP' } });
        return done('refused', { code: sent.code });
      case 'failed':
        return done('failed', sent.code !== undefined ? { code: sent.code } : {});
    }

    function done(outcome: FollowUpOutcome, detail: FollowUpOutcomeDetail = {}): FollowUpOutcome {
      report(outcome, job, detail);
      return outcome;
    }
  };
}
