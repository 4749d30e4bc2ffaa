import { channelSchema } from '../conversation/reply.js';
import type { RuntimeBot } from '../runtime-bot.js';
import type { FilterChoices } from './insights-pages.js';

/** The filters an analyst can pick: the live version's campaigns and languages, and the channels. */
export function filterChoices(bot: Pick<RuntimeBot, 'campaigns' | 'content'>): FilterChoices {
  return {
    campaigns: bot.campaigns.campaigns.map((c) => ({ id: c.id, name: c.name })),
    channels: channelSchema.options,
    languages: [...bot.content.locales.values()].map((l) => ({ code: l.locale, name: l.messages.get('language.name')?.text ?? l.locale })),
  };
}
