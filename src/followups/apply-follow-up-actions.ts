import type { HostAction } from '../conversation/engine.js';
import type { Contact, FollowUpRecords } from './follow-up-records.js';
import type { Scheduler } from './scheduler.js';
import { nextSendingTime, type SendingHours } from './sending-hours.js';

export interface FollowUpActionsOptions {
  scheduler: Scheduler;
  records: FollowUpRecords;
  hours: SendingHours;
  /** Called for a follow-up agreed where there is no number to send to (the chat page, the terminal). */
  onUnreachable?: (followUp: string) => void;
}

/** The contact outlives the last follow-up by this much, enough for its retries, then expires by itself. */
const CONTACT_GRACE_MS = 2 * 86_400_000;

/**
 * Carries out what a committed turn asked for: schedule a follow-up (at the next sending time, keeping the sealed
 * number until then), or cancel everything scheduled and erase the number (STOP, DELETE, "no more messages").
 */
export function createFollowUpActions(options: FollowUpActionsOptions) {
  const { scheduler, records } = options;
  return async function applyFollowUpActions(conversationId: string, actions: HostAction[], contact: Contact | undefined): Promise<void> {
    for (const action of actions) {
      if (action.type === 'cancel_follow_ups') {
        await scheduler.cancelAll(conversationId);
        await records.eraseContact(conversationId);
        continue;
      }
      if (!contact) {
        options.onUnreachable?.(action.followUp);
        continue;
      }
      const dueAt = nextSendingTime(action.dueAt, options.hours);
      await scheduler.schedule({ conversationId, followUp: action.followUp, vars: action.vars }, dueAt);
      const latest = Math.max(dueAt, ...(await scheduler.pending(conversationId)).map((p) => p.dueAt));
      await records.keepContact(conversationId, contact, latest + CONTACT_GRACE_MS);
    }
  };
}
