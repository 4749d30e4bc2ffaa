import type { Reply } from '../conversation/reply.js';
import { composeReply } from './compose-reply.js';
import { normaliseGsm7 } from './gsm7.js';
import type { RenderedMessage } from './rendered-message.js';
import { countSmsSegments, smsCharacters } from './sms-segments.js';
import { splitLongText } from './split-long-text.js';

export interface SmsRenderOptions {
  /**
   * Longest body per message, in billed characters (GSM-7 septets or UCS-2 code units). Twilio recommends
   * ≤ 320; the default, 459, is three GSM-7 segments.
   */
  maxMessageChars?: number;
}

const DEFAULT_MAX_MESSAGE_CHARS = 459;

/** Each reply as one SMS (or several, cut at sentence ends when long): no bold markers, GSM-7 where possible. */
export function renderForSms(replies: Reply[], options: SmsRenderOptions = {}): RenderedMessage[] {
  const max = options.maxMessageChars ?? DEFAULT_MAX_MESSAGE_CHARS;
  return replies.flatMap((reply) => {
    const text = normaliseGsm7(dropBold(composeReply(reply)));
    return splitLongText(text, max, smsCharacters).map((body) => {
      const { segments, encoding } = countSmsSegments(body);
      return { body, segments, encoding };
    });
  });
}

/** `*bold*` is WhatsApp markup; on SMS the asterisks would show. A lone `*` (as in "5 * 3") is left alone. */
function dropBold(text: string): string {
  return text.replace(/\*(\S(?:[^*\n]*\S)?)\*/g, '$1');
}
