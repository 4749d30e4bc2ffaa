import type { Step } from '../../flow/flow-schema.js';
import type { Aside } from './read-aside.js';
import type { TurnState } from './turn-context.js';

/**
 * The message didn't answer its step: act on what else it means (see read-aside.ts). True when the turn has been
 * answered; false leaves the step's `otherwise` or a re-prompt to the caller.
 */
export async function answerAside(ctx: TurnState, step: Step): Promise<boolean> {
  const aside = await ctx.kit.asides.readAside(step, ctx.text, ctx.session);
  if (!aside) return false;
  ctx.events.push({ name: 'aside', props: { kind: aside.kind, ...('intent' in aside ? { intent: aside.intent } : {}) } });
  return takeAside(ctx, aside);
}

/** After "goodbye", a "thanks" or "bye" is a farewell, not a wish to start over. */
export async function answerFarewell(ctx: TurnState): Promise<boolean> {
  if (!(await ctx.kit.asides.readFarewell(ctx.text, ctx.session.locale))) return false;
  ctx.replies.push({ text: ctx.say('global.after_goodbye') });
  return true;
}

function takeAside(ctx: TurnState, aside: Aside): boolean {
  const { flow } = ctx.kit;
  const kindly = (text: string) => {
    ctx.replies.push({ text });
    flow.rerender(ctx);
    return true;
  };
  switch (aside.kind) {
    case 'life_event':
    case 'menu':
      return flow.answerElsewhere(ctx, aside.kind, aside.intent);
    case 'global':
      if (aside.intent === 'goodbye') return flow.answerElsewhere(ctx, 'menu', 'finish');
      if (aside.intent === 'start_again') {
        ctx.replies.push({ text: ctx.say('commands.restarted') });
        flow.restart(ctx);
        return true;
      }
      return kindly(ctx.say(`global.${aside.intent}`));
    case 'earlier_question':
      return kindly(ctx.say('common.earlier_answer'));
    case 'emoji_only':
      return kindly(ctx.say('common.emoji_only'));
    case 'other_language':
      // In their language: how to switch to it.
      return kindly(ctx.kit.translate(aside.locale)('language.hint'));
  }
}
