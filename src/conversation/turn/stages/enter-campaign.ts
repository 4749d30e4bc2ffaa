import { defineStage } from '../turn-context.js';

/**
 * A campaign (a poster's keyword, a referral link) starts a conversation. The tag is kept for aggregate
 * reporting; a conversation already under way is picked up where it was rather than replaced.
 */
export const enterCampaign = defineStage({
  name: 'enter-campaign',
  accepts: ['campaign_start'],
  run(ctx) {
    const { session, event } = ctx;
    session.campaign = event.campaign;
    ctx.events.push({ name: 'campaign_started', props: { campaign: event.campaign, via: event.via } });
    ctx.kit.flow.resumeOrStart(ctx);
    return 'done';
  },
});
