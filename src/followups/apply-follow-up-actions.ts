import type { HostAction } from '../conversation/engine.js';
import { sealContact, type Contact } from './follow-up-records.js';
import type { Scheduler } from './scheduler.js';
import type { Sealer } from './seal.js';
import { nextSendingTime, type SendingHours } from './sending-hours.js';

export interface FollowUpActionsOptions {
  scheduler: Scheduler;
  sealer: Sealer;
  hours: SendingHours;
  /** Called for a follow-up agreed where there is no number to send to (the chat page, the terminal). */
  onUnreachable?: (followUp: string) => void;
}

/**
 * Carries out what a committed turn asked for: schedule a follow-up at the next sending time, its job holding the
 * sealed number (nothing else keeps it), or cancel everything scheduled, numbers and all (STOP, DELETE,
 * "no more messages").
 */
export function createFollowUpActions(options: FollowUpActionsOptions) {
  const { scheduler, sealer } = options;
  return async function applyFollowUpActions(conversationId: string, actions: HostAction[], contact: Contact | undefined): Promise<void> {
    for (const action of actions) {
      if (action.type === 'cancel_follow_ups') {
        await scheduler.cancelAll(conversationId);
        continue;
      }
      if (!contact) {
        options.onUnreachable?.(action.followUp);
        continue;
      }
      const dueAt = nextSendingTime(action.dueAt, options.hours);
      await scheduler.schedule({ conversationId, followUp: action.followUp, vars: action.vars, sealedContact: sealContact(sealer, contact) }, dueAt);
    }
  };
}
