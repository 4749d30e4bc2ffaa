import { defineStage } from '../turn-context.js';

/** DELETE asks first; this stage owns the answer. Yes erases everything about the sender, follow-ups included. */
export const confirmDelete = defineStage({
  name: 'confirm-delete',
  accepts: ['text', 'carrier_opt_out'],
  async run(ctx) {
    const { session } = ctx;
    if (session.pending !== 'delete') return 'next';
    delete session.pending;
    const chosen = await ctx.kit.answers.chooseYesNo(ctx.text, ctx.say('commands.delete_yes'), ctx.say('commands.delete_no'), session.locale);
    if (chosen === 0) {
      ctx.events.push({ name: 'erased' });
      ctx.actions.push({ type: 'cancel_follow_ups' });
      ctx.erase = true;
      ctx.replies.splice(0, ctx.replies.length, { text: ctx.say('commands.deleted') });
      return 'done';
    }
    ctx.replies.push({ text: ctx.say('commands.delete_cancelled') });
    ctx.kit.flow.rerender(ctx);
    return 'done';
  },
});
