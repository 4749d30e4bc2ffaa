import type { AdReferral } from '../conversation/turn/turn-event.js';
import type { CampaignEntry, CampaignFinder, CampaignMatch } from '../conversation/turn/turn-context.js';
import { OTHER_CAMPAIGN, type Campaign } from './campaign-schema.js';
import { compactKeyword, findKeyword } from './compact-keyword.js';

/** Campaign dates are UK days: a campaign ending 2026-06-30 still runs at 23:30 that evening in London. */
const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The UK date of a moment, as YYYY-MM-DD. */
function ukDay(now: number): string {
  return UK_DAY.format(now);
}

export function campaignStatusOn(campaign: Pick<Campaign, 'starts' | 'ends'>, now: number): CampaignEntry['status'] {
  const today = ukDay(now);
  if (today < campaign.starts) return 'upcoming';
  return today > campaign.ends ? 'expired' : 'active';
}

export interface CampaignBook extends CampaignFinder {
  readonly campaigns: readonly Campaign[];
}

/** The configured campaigns, indexed once: keyword → campaign and language, ad id or link → campaign. */
export function createCampaignBook(campaigns: readonly Campaign[]): CampaignBook {
  const byId = new Map(campaigns.map((c) => [c.id, c]));
  const byKeyword = new Map<string, { campaign: string; locale: string }>();
  const byAd = new Map<string, string>();
  for (const campaign of campaigns) {
    for (const [locale, words] of Object.entries(campaign.keywords)) {
      for (const word of words) {
        const key = compactKeyword(word);
        if (key && !byKeyword.has(key)) byKeyword.set(key, { campaign: campaign.id, locale });
      }
    }
    for (const ad of campaign.ads) if (!byAd.has(ad)) byAd.set(ad, campaign.id);
  }

  function byKeywordIn(text: string): CampaignMatch | null {
    const found = byKeyword.size && text ? findKeyword(text, byKeyword) : undefined;
    return found ? { campaign: found.campaign, via: 'keyword', locale: found.locale } : null;
  }

  return {
    campaigns,
    find(text, referral?: AdReferral) {
      const keyword = byKeywordIn(text);
      if (!referral) return keyword;
      const ad = (referral.sourceId && byAd.get(referral.sourceId)) || (referral.sourceUrl && byAd.get(referral.sourceUrl));
      if (ad) return { campaign: ad, via: 'referral', ...(keyword?.campaign === ad ? { locale: keyword.locale } : {}) };
      // An ad nobody listed: the prefilled text may still carry a keyword; otherwise it is counted as another ad.
      return { campaign: keyword?.campaign ?? OTHER_CAMPAIGN, via: 'referral', ...(keyword ? { locale: keyword.locale! } : {}) };
    },
    entry(id, now) {
      const campaign = byId.get(id);
      if (!campaign) return null;
      return { flow: campaign.flow, say: campaign.say, status: campaignStatusOn(campaign, now) };
    },
  };
}
