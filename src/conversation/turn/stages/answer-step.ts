import type { Step } from '../../../flow/flow-schema.js';
import type { Aside } from '../read-aside.js';
import { defineStage, type StageOutcome, type TurnState } from '../turn-context.js';

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
    if (!ctx.text) {
      const media = ctx.event.kind === 'text' && ctx.event.mediaCount;
      replies.push({ text: ctx.say(media ? 'common.media_only' : 'common.empty') });
      flow.rerender(ctx);
      return 'done';
    }
    // After "goodbye", a "thanks" or "bye" is a farewell, not a wish to start over.
    if (current.step.type === 'end') {
      const aside = await kit.asides.readAside(current.step, ctx.text, session);
      if (aside?.kind === 'global' && (aside.intent === 'goodbye' || aside.intent === 'thanks')) {
        replies.push({ text: ctx.say('global.after_goodbye') });
        return 'done';
      }
    }
    const notices: typeof replies = [];
    const event = (await kit.answers.interpret(current.step, ctx.text, session, notices)) ?? (await readElsewhere(ctx, current.step));
    if (event === 'handled') return 'done';
    const answer = event ?? kit.answers.otherwise(current.step);
    replies.push(...notices);
    if (!answer) {
      // A parser that explained why it couldn't use the answer has said enough; otherwise re-prompt.
      if (!notices.length) flow.reprompt(ctx, current.step);
      return 'done';
    }
    if (answer.type === 'CHOOSE' && current.step.type === 'choice' && current.step.options[answer.option]?.more) flow.nextPage(session, current.step);
    flow.advance(ctx, answer);
    return 'done';
  },
});

/** The step's own answers didn't fit: act on what else the message means, or null to fall back / re-ask. */
async function readElsewhere(ctx: TurnState, step: Step): Promise<'handled' | null> {
  const aside = await ctx.kit.asides.readAside(step, ctx.text, ctx.session);
  if (!aside) return null;
  ctx.events.push({ name: 'aside', props: { kind: aside.kind, ...('intent' in aside ? { intent: aside.intent } : {}) } });
  return takeAside(ctx, aside) ? 'handled' : null;
}

function takeAside(ctx: TurnState, aside: Aside): boolean {
  const { flow } = ctx.kit;
  const kindly = (key: string) => {
    ctx.replies.push({ text: ctx.say(key) });
    flow.rerender(ctx);
    return true;
  };
  switch (aside.kind) {
    case 'life_event':
      return flow.answerElsewhere(ctx, 'life_event', aside.intent);
    case 'menu':
      return flow.answerElsewhere(ctx, 'menu', aside.intent);
    case 'global':
      if (aside.intent === 'goodbye') return flow.answerElsewhere(ctx, 'menu', 'finish');
      if (aside.intent === 'start_again') {
        ctx.replies.push({ text: ctx.say('commands.restarted') });
        flow.restart(ctx);
        return true;
      }
      return kindly(`global.${aside.intent}`);
    case 'earlier_question':
      return kindly('common.earlier_answer');
    case 'emoji_only':
      return kindly('common.emoji_only');
    case 'other_language':
      // In their language: how to switch to it.
      ctx.replies.push({ text: ctx.kit.translate(aside.locale)('language.hint') });
      flow.rerender(ctx);
      return true;
  }
}
