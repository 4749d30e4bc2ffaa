import { defineStage } from '../turn-context.js';

/**
 * STOP (typed, or acted on by the carrier) silences the bot until START; nothing else gets through, and
 * everything scheduled is cancelled at once. A due follow-up for someone who opted out is dropped and counted.
 */
export const honourOptOut = defineStage({
  name: 'honour-opt-out',
  accepts: ['text', 'carrier_opt_out', 'campaign_start', 'follow_up_due'],
  run(ctx) {
    const { session, event, command } = ctx;
    const carrier = event.kind === 'carrier_opt_out' ? event.action : undefined;
    if (session.optedOut) {
      if (carrier !== 'START' && command !== 'start') {
        if (event.kind === 'follow_up_due') ctx.events.push({ name: 'follow_up_dropped', props: { follow_up: event.followUp, reason: 'opted_out' } });
        return 'done';
      }
      session.optedOut = false;
      ctx.events.push({ name: 'command', props: { command: 'start' } });
      if (carrier !== 'START') ctx.replies.push({ text: ctx.say('commands.started') });
      ctx.kit.flow.resumeOrStart(ctx);
      return 'done';
    }
    if (carrier === 'STOP' || command === 'stop') {
      session.optedOut = true;
      delete session.pending;
      delete session.followUps;
      ctx.events.push({ name: 'command', props: { command: 'stop' } });
      ctx.actions.push({ type: 'cancel_follow_ups' });
      if (carrier !== 'STOP') ctx.replies.push({ text: ctx.say('commands.stopped') });
      return 'done';
    }
    return 'next';
  },
});
