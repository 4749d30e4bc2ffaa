import type { ContentCatalog } from '../content/load-content.js';
import { createTranslator } from '../content/translate.js';
import { campaignStatusOn, type CampaignBook } from './campaign-book.js';

/** A campaign as the browser preview offers it: what a resident's phone would send after scanning, per language. */
export interface CampaignPreview {
  id: string;
  name: string;
  status: 'active' | 'expired' | 'upcoming';
  starts: string;
  ends: string;
  prefills: Array<{ locale: string; text: string }>;
}

/** The campaigns for the chat page's picker; statuses are worked out on the day asked. */
export function listCampaignPreviews(book: CampaignBook, catalog: ContentCatalog, now: number): CampaignPreview[] {
  return book.campaigns.map((c) => ({
    id: c.id,
    name: c.name,
    status: campaignStatusOn(c, now),
    starts: c.starts,
    ends: c.ends,
    prefills: Object.keys(c.keywords).map((locale) => ({ locale, text: createTranslator(catalog, locale)(`campaigns.${c.id}.prefill`) })),
  }));
}
