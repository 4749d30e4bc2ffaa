import { defineStage } from '../turn-context.js';

/**
 * A follow-up the resident agreed to has come due: start its flow (named after it), with the few saved answers
 * it kept. One that was cancelled, already sent, or arrives while the bot waits on a question of its own
 * (safety, DELETE) is dropped and counted, never sent.
 */
export const sendFollowUp = defineStage({
  name: 'send-follow-up',
  accepts: ['follow_up_due'],
  run(ctx) {
    const { session, event } = ctx;
    const due = session.followUps?.[event.followUp];
    const reason = due === undefined ? 'not_scheduled' : session.pending ? 'awaiting_answer' : null;
    if (reason) {
      ctx.events.push({ name: 'follow_up_dropped', props: { follow_up: event.followUp, reason } });
      return 'done';
    }
    const { [event.followUp]: _sent, ...rest } = session.followUps!;
    session.followUps = rest;
    Object.assign(session.vars, event.vars ?? {});
    ctx.events.push({ name: 'follow_up_sent', props: { follow_up: event.followUp } });
    ctx.kit.flow.start(ctx, event.followUp);
    return 'done';
  },
});
