import { ENGINE_ANSWERS } from '../../../flow/engine-answers.js';
import { defineStage, type CampaignMatch, type TurnState } from '../turn-context.js';

/**
 * A campaign (a poster's keyword, a WhatsApp ad) starts its conversation and tags it, in the keyword's language.
 * Someone part-way through a conversation is asked first: a keyword alone never throws their answers away.
 * This stage owns that question. Outside its dates a campaign gets the ordinary welcome, tagged as expired.
 */
export const enterCampaign = defineStage({
  name: 'enter-campaign',
  accepts: ['text', 'campaign_start'],
  async run(ctx) {
    const { session, event, kit } = ctx;
    if (session.pending === 'campaign' && (await answerOffer(ctx)) === 'done') return 'done';
    const match: CampaignMatch | null =
      event.kind === 'campaign_start' ? { campaign: event.campaign, via: event.via } : kit.campaigns?.find(ctx.text, event.referral) ?? null;
    if (!match) return 'next';
    const entry = kit.campaigns?.entry(match.campaign, ctx.now);
    if (!entry) {
      // An ad nobody listed: counted, and the message read as any other.
      session.campaign ??= match.campaign;
      ctx.events.push({ name: 'campaign_started', props: { campaign: match.campaign, via: match.via } });
      return 'next';
    }
    const current = kit.flow.currentStep(session);
    const inItsFlow = session.at?.startsWith(`${entry.status === 'active' ? entry.flow : ''}.`) ?? false;
    if (current && match.campaign === session.campaign && (inItsFlow || hasProgress(ctx)) && (match.locale ?? session.locale) === session.locale) {
      // The same poster again (sent twice, or scanned again): carry on rather than start over.
      kit.flow.rerender(ctx);
      return 'done';
    }
    if (current && current.step.type !== 'end' && hasProgress(ctx)) {
      ask(ctx, match);
      return 'done';
    }
    begin(ctx, match);
    return 'done';
  },
});

function hasProgress({ session }: TurnState): boolean {
  // The engine's own answers (whether we can text later) are no progress of the resident's.
  return session.trail.length > 0 || Object.keys(session.vars).some((name) => !ENGINE_ANSWERS.includes(name));
}

function ask(ctx: TurnState, match: CampaignMatch): void {
  const { session } = ctx;
  session.pending = 'campaign';
  session.campaignOffer = match;
  const t = ctx.kit.translate(match.locale ?? session.locale);
  ctx.replies.push({
    text: t('campaign.switch_question', { campaign: t(`campaigns.${match.campaign}.headline`) }),
    options: [t('campaign.switch_yes'), t('campaign.switch_no')],
  });
}

async function answerOffer(ctx: TurnState): Promise<'done' | 'next'> {
  const { session } = ctx;
  const offer = session.campaignOffer;
  delete session.pending;
  delete session.campaignOffer;
  if (!offer) return 'next';
  const t = ctx.kit.translate(offer.locale ?? session.locale);
  const chosen = await ctx.kit.answers.chooseYesNo(ctx.text, t('campaign.switch_yes'), t('campaign.switch_no'), offer.locale ?? session.locale);
  if (chosen === 0) {
    begin(ctx, offer);
    return 'done';
  }
  if (chosen === 1) {
    ctx.replies.push({ text: ctx.say('campaign.kept_place') });
    ctx.kit.flow.rerender(ctx);
    return 'done';
  }
  // Neither: read as anything else would be (the keyword again, a command, an answer).
  return 'next';
}

/** Tag the conversation and start the campaign's flow, or the ordinary welcome when it is not running. */
function begin(ctx: TurnState, match: CampaignMatch): void {
  const { session, kit } = ctx;
  const entry = kit.campaigns?.entry(match.campaign, ctx.now);
  if (!entry) return kit.flow.restart(ctx);
  if (match.locale) session.locale = match.locale;
  session.campaign = match.campaign;
  session.campaignStatus = entry.status;
  ctx.events.push({ name: 'campaign_started', props: { campaign: match.campaign, via: match.via, campaign_status: entry.status } });
  if (entry.status !== 'active') return kit.flow.restart(ctx);
  for (const key of entry.say) ctx.replies.push({ text: ctx.say(key) });
  kit.flow.restart(ctx, entry.flow);
}
