import type { Reply } from '../conversation/reply.js';
import { composeReply } from './compose-reply.js';
import { normaliseGsm7 } from './gsm7.js';
import { writeWithPlainLetters } from './plain-letters.js';
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

/**
 * Replies as SMS: no bold markers, GSM-7 where possible, long ones cut at sentence ends. A short reply is sent
 * together with the next ("Thanks for telling me." and the question after it) when that costs no extra
 * segment, since every separate SMS costs at least one.
 */
export function renderForSms(replies: Reply[], options: SmsRenderOptions = {}): RenderedMessage[] {
  const max = options.maxMessageChars ?? DEFAULT_MAX_MESSAGE_CHARS;
  const texts = replies.map((reply) => {
    const composed = normaliseGsm7(dropBold(composeReply(reply)));
    return reply.smsPlainLetters ? writeWithPlainLetters(composed) : composed;
  });
  return joinWhereCheaper(texts, max).flatMap((text) =>
    splitLongText(text, max, smsCharacters).map((body) => {
      const { segments, encoding } = countSmsSegments(body);
      return { body, segments, encoding };
    }),
  );
}

/** Join neighbouring texts into one SMS when the result fits one message and costs fewer segments than apart. */
function joinWhereCheaper(texts: string[], max: number): string[] {
  const joined: string[] = [];
  for (const text of texts) {
    const previous = joined.at(-1);
    const together = previous === undefined ? undefined : `${previous}\n\n${text}`;
    const cheaper =
      together !== undefined &&
      smsCharacters(together) <= max &&
      countSmsSegments(together).segments < countSmsSegments(previous!).segments + countSmsSegments(text).segments;
    if (cheaper) joined[joined.length - 1] = together;
    else joined.push(text);
  }
  return joined;
}

/** `*bold*` is WhatsApp markup; on SMS the asterisks would show. A lone `*` (as in "5 * 3") is left alone. */
function dropBold(text: string): string {
  return text.replace(/\*(\S(?:[^*\n]*\S)?)\*/g, '$1');
}
