import { z } from 'zod';
import { channelSchema } from '../conversation/reply.js';

/** A referral label that is not a configured campaign: ads nobody listed in content/campaigns.yaml. */
export const OTHER_CAMPAIGN = 'other';

const day = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

export const campaignSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lowercase letters, digits or _, starting with a letter (at most 40)')
    .refine((id) => id !== OTHER_CAMPAIGN, `'${OTHER_CAMPAIGN}' is kept for ads that are not listed here`),
  name: z.string().trim().min(1),
  /** Per language (a folder in content/): the words that start this campaign in that language. */
  keywords: z.record(z.string(), z.array(z.string())),
  flow: z.string().default('welcome'),
  /** Content keys said before the flow starts (a greeting; the privacy line when the flow does not say it). */
  say: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])).default([]),
  starts: day,
  ends: day,
  channels: z.array(channelSchema).min(1).default(['whatsapp', 'sms']),
  /** WhatsApp click-to-chat ads (Twilio's ReferralSourceId, or the ad's ReferralSourceUrl). */
  ads: z.array(z.string().trim().min(1)).default([]),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const campaignsFileSchema = z.strictObject({ campaigns: z.array(campaignSchema) });

/** Words every campaign needs in each language it has keywords in (`campaigns.<id>.<part>`). */
export const CAMPAIGN_WORDS = ['headline', 'body', 'prefill'] as const;

/** Words the conversation and the poster use for every campaign. */
export const SHARED_CAMPAIGN_WORDS = [
  'campaign.switch_question', 'campaign.switch_yes', 'campaign.switch_no', 'campaign.kept_place',
  'campaign.poster.band', 'campaign.poster.scan_whatsapp', 'campaign.poster.scan_sms', 'campaign.poster.text_line', 'campaign.poster.footer',
] as const;
