import { CAN_TEXT_LATER } from '../../../flow/engine-answers.js';
import { defineStage } from '../turn-context.js';

/**
 * Notes whether this resident can be texted later: not on the browser chat page, where there is no number. The
 * flows offer follow-ups only when they can be delivered, so nobody is told "I'll text you" who never will be.
 */
export const noteReach = defineStage({
  name: 'note-reach',
  accepts: ['text'],
  run(ctx) {
    ctx.session.vars[CAN_TEXT_LATER] = ctx.event.replyOnly !== true;
    return 'next';
  },
});
