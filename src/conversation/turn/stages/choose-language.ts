import { defineStage } from '../turn-context.js';

/** LANGUAGE lists the languages; this stage owns the answer. Anything else is read as usual. */
export const chooseLanguage = defineStage({
  name: 'choose-language',
  accepts: ['text', 'carrier_opt_out'],
  async run(ctx) {
    const { session, kit } = ctx;
    if (session.pending !== 'language') return 'next';
    delete session.pending;
    const names = kit.localeNames.map((l) => kit.translate(l)('language.name'));
    const chosen = await kit.answers.chooseFrom(ctx.text, names, session.locale);
    if (chosen === null) return 'next';
    session.locale = kit.localeNames[chosen]!;
    ctx.replies.push({ text: ctx.say('language.changed') });
    kit.flow.resumeOrStart(ctx);
    return 'done';
  },
});
