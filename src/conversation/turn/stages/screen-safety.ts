import type { Reply } from '../../reply.js';
import { defineStage, type TurnState } from '../turn-context.js';

/** Repeated safety messages within this window get the shorter reply. */
const SAFETY_REPEAT_MS = 24 * 3600 * 1000;
/** The check question (`safety.check`) asks about ending one's life; older sessions did not record what it asked. */
const CHECK_CATEGORY = 'suicide_self_harm';

/**
 * Reads every message for risk before anything else, even from someone who opted out, and owns the direct
 * question it may ask ("are you thinking about ending your life?"): a yes must never read as "carry on".
 * Any category the screen names works, as long as content has `safety.<category>.full` and `.short`.
 */
export const screenSafety = defineStage({
  name: 'screen-safety',
  accepts: ['text', 'carrier_opt_out'],
  async run(ctx) {
    const hit = ctx.text ? ctx.kit.screen?.(ctx.text) : null;
    if (hit) {
      respondToSafety(ctx, hit);
      return 'done';
    }
    const { session } = ctx;
    if (session.pending !== 'safety_check') return 'next';
    delete session.pending;
    const answer = await ctx.kit.answers.chooseYesNo(ctx.text, ctx.say('safety.resume_yes'), ctx.say('safety.resume_no'), session.locale);
    if (answer === 0) {
      respondToSafety(ctx, { category: session.safety?.checking ?? CHECK_CATEGORY, level: 'clear' });
      return 'done';
    }
    if (answer === 1) {
      ctx.replies.push({ text: ctx.say('safety.check_no') });
      session.pending = 'safety_resume';
      if (!session.optedOut) ctx.replies.push(resumeQuestion(ctx));
      return 'done';
    }
    return 'next';
  },
});

function respondToSafety(ctx: TurnState, hit: { category: string; level: 'clear' | 'check'; language?: string }): void {
  const { session, now } = ctx;
  // Help in the language the risk was written in: someone writing Urdu to a conversation still in English gets
  // the Urdu reply, and the conversation carries on in Urdu (the check question's answer is read in it too).
  if (hit.language && hit.language !== session.locale && ctx.kit.localeNames.includes(hit.language)) session.locale = hit.language;
  ctx.events.push({ name: 'safety', props: { category: hit.category, level: hit.level } });
  const recent = session.safety && now - session.safety.at < SAFETY_REPEAT_MS;
  session.safety = { at: now, count: recent ? session.safety!.count + 1 : 1 };
  if (hit.level === 'check') {
    // A direct question, answered next turn; asking is safe and it is not followed by anything else.
    ctx.replies.push({ text: ctx.say('safety.check') });
    session.safety.checking = hit.category;
    session.pending = 'safety_check';
    return;
  }
  ctx.replies.push({ text: ctx.say(`safety.${hit.category}.${recent ? 'short' : 'full'}`) });
  // Opted-out residents get the help, but no further question; a repeat doesn't ask again.
  if (session.optedOut || session.pending === 'safety_resume') return;
  session.pending = 'safety_resume';
  ctx.replies.push(resumeQuestion(ctx));
}

function resumeQuestion(ctx: TurnState): Reply {
  return { text: ctx.say('safety.resume'), options: [ctx.say('safety.resume_yes'), ctx.say('safety.resume_no')] };
}
