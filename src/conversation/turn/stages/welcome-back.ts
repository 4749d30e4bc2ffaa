import type { StageOutcome, TurnContext, TurnState } from '../turn-context.js';
import { defineStage } from '../turn-context.js';

/**
 * Someone who writes again after days of silence, mid-conversation, is welcomed back and asked whether to carry
 * on or start fresh, rather than having their message read as an answer to a question they may not remember.
 * The stage owns that question's answer; anything else is read as usual.
 */
export const welcomeBack = defineStage({
  name: 'welcome-back',
  accepts: ['text'],
  async run(ctx): Promise<StageOutcome> {
    const { session, kit } = ctx;
    if (session.pending === 'welcome_back') {
      delete session.pending;
      const chosen = await kit.answers.chooseFrom(ctx.text, choices(ctx), session.locale);
      if (chosen === 0) kit.flow.rerender(ctx);
      if (chosen === 1) kit.flow.restart(ctx);
      return chosen === null ? 'next' : 'done';
    }
    if (!returnsAfterSilence(ctx)) return 'next';
    ctx.events.push({ name: 'welcomed_back' });
    session.pending = 'welcome_back';
    ctx.replies.push({ text: ctx.say('welcome_back.question'), options: choices(ctx) });
    return 'done';
  },
});

function choices(ctx: TurnState): string[] {
  return [ctx.say('welcome_back.carry_on'), ctx.say('welcome_back.start_fresh')];
}

/** Silent for at least `reentry_after_days`, and waiting on a question (not at an end, not before the start). */
function returnsAfterSilence(ctx: TurnContext<'text'>): boolean {
  if (ctx.lastSeenAt === null || ctx.now - ctx.lastSeenAt < ctx.kit.settings.reentryAfterMs) return false;
  const current = ctx.kit.flow.currentStep(ctx.session);
  return current !== undefined && current.step.type !== 'end';
}
