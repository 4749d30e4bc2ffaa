import { answerAside, answerFarewell } from '../answer-aside.js';
import { defineStage, type StageOutcome } from '../turn-context.js';

/** Anything else is an answer to the question the conversation waits at (or the start of one). */
export const answerStep = defineStage({
  name: 'answer-step',
  accepts: ['text', 'carrier_opt_out'],
  async run(ctx): Promise<StageOutcome> {
    const { session, replies, kit } = ctx;
    const { flow } = kit;
    if (session.at === null) {
      flow.start(ctx);
      return 'done';
    }
    const current = flow.currentStep(session);
    if (!current) {
      ctx.events.push({ name: 'flow_changed_restart' });
      replies.push({ text: ctx.say('common.flow_changed') });
      flow.restart(ctx);
      return 'done';
    }
    const media = ctx.event.kind === 'text' && Boolean(ctx.event.mediaCount);
    if (!ctx.text) {
      replies.push({ text: ctx.say(media ? 'common.media_only' : 'common.empty') });
      flow.rerender(ctx);
      return 'done';
    }
    if (current.step.type === 'end' && (await answerFarewell(ctx))) return 'done';
    const notices: typeof replies = [];
    const event = await kit.answers.interpret(current.step, ctx.text, session, notices);
    // Nothing the step understands: what else it means comes before the step's `otherwise` or a re-prompt.
    if (!event && (await answerAside(ctx, current.step))) return 'done';
    const answer = event ?? kit.answers.otherwise(current.step);
    replies.push(...notices);
    if (!answer) {
      // A photo's caption that answers nothing: say why the photo itself went unseen.
      if (media) replies.push({ text: ctx.say('common.media_only') });
      // A parser that explained why it couldn't use the answer has said enough; otherwise re-prompt.
      if (!notices.length) flow.reprompt(ctx, current.step);
      return 'done';
    }
    if (answer.type === 'CHOOSE' && current.step.type === 'choice' && current.step.options[answer.option]?.more) flow.nextPage(session, current.step);
    flow.advance(ctx, answer);
    return 'done';
  },
});
