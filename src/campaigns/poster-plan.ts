import type { Translate } from '../content/translate.js';
import type { Channel } from '../conversation/reply.js';
import { MAX_QR_VERSION, prefilledLink, QR_PRINT_MM, qrVersionOf } from './campaign-links.js';
import type { Campaign } from './campaign-schema.js';

/** The council's numbers, from TWILIO_SMS_FROM and TWILIO_WHATSAPP_FROM. */
export interface ServiceNumbers {
  sms?: string;
  whatsapp?: string;
}

export const NUMBER_SETTING: Record<Channel, string> = { sms: 'TWILIO_SMS_FROM', whatsapp: 'TWILIO_WHATSAPP_FROM' };

/** Everything printed on one campaign's poster in one language. */
export interface PosterPlan {
  campaign: string;
  locale: string;
  /** The service's name across the top. */
  band: string;
  headline: string;
  body: string;
  footer: string;
  /** One code per channel, in the order the campaign lists them. */
  codes: Array<{ channel: Channel; link: string; caption: string; version: number }>;
  /** "No smartphone? Text LIB24 to 07700 900123", when the campaign has an SMS code. */
  textLine?: string;
}

/** Something the comms team must fix before a poster can be made; the message says what and how. */
export class PosterError extends Error {
  override name = 'PosterError';
}

/** What goes on a campaign's poster in one of its languages; a PosterError when it cannot be printed as it is. */
export function planPoster(campaign: Campaign, locale: string, t: Translate, numbers: ServiceNumbers): PosterPlan {
  const keyword = campaign.keywords[locale]?.[0];
  if (!keyword) throw new PosterError(`campaign '${campaign.id}' has no ${locale} keyword`);
  const prefill = t(`campaigns.${campaign.id}.prefill`);
  const unset = campaign.channels.filter((channel) => !numbers[channel]).map((channel) => NUMBER_SETTING[channel]);
  if (unset.length) {
    throw new PosterError(`${unset.join(' and ')} ${unset.length > 1 ? 'are' : 'is'} not set: the codes need the council's numbers in +44… form, e.g. ${unset[0]}=+447700900123`);
  }
  const codes = campaign.channels.map((channel) => {
    const number = numbers[channel]!;
    const link = prefilledLink(channel, number, prefill);
    const version = qrVersionOf(link);
    if (version > MAX_QR_VERSION) {
      throw new PosterError(
        `the prefilled text of '${campaign.id}' (${locale}) makes a ${link.length}-character ${channel} link, too much for a QR code that scans when printed ${QR_PRINT_MM} mm wide. Shorten campaigns.${campaign.id}.prefill in content/${locale}/campaigns.yaml`,
      );
    }
    return { channel, link, version, caption: t(`campaign.poster.scan_${channel}`) };
  });
  return {
    campaign: campaign.id,
    locale,
    band: t('campaign.poster.band'),
    headline: t(`campaigns.${campaign.id}.headline`),
    body: t(`campaigns.${campaign.id}.body`),
    footer: t('campaign.poster.footer'),
    codes,
    ...(numbers.sms && campaign.channels.includes('sms') ? { textLine: t('campaign.poster.text_line', { keyword, number: ukDisplayNumber(numbers.sms) }) } : {}),
  };
}

/** "+447700900123" → "07700 900123", as people in the UK write a number (kept on one line); others stay in + form. */
export function ukDisplayNumber(e164: string): string {
  if (!e164.startsWith('+44')) return e164;
  const national = `0${e164.slice(3)}`;
  return `${national.slice(0, 5)}\u00a0${national.slice(5)}`;
}
