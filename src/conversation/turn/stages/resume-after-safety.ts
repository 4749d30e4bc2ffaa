import { defineStage } from '../turn-context.js';

/** After safety help the bot asked whether to carry on; this stage owns that question's answer. */
export const resumeAfterSafety = defineStage({
  name: 'resume-after-safety',
  accepts: ['text', 'carrier_opt_out'],
  async run(ctx) {
    const { session } = ctx;
    if (session.pending !== 'safety_resume') return 'next';
    delete session.pending;
    const chosen = await ctx.kit.answers.chooseYesNo(ctx.text, ctx.say('safety.resume_yes'), ctx.say('safety.resume_no'), session.locale);
    if (chosen === 0) {
      ctx.kit.flow.resumeOrStart(ctx);
      return 'done';
    }
    if (chosen === 1) {
      ctx.replies.push({ text: ctx.say('common.paused') });
      return 'done';
    }
    // Neither: the message is read as anything else would be (a command, an answer).
    return 'next';
  },
});
