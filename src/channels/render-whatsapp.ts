import type { Reply } from '../conversation/reply.js';
import { composeReply } from './compose-reply.js';
import type { RenderedMessage } from './rendered-message.js';
import { splitLongText } from './split-long-text.js';

export interface WhatsAppRenderOptions {
  /**
   * Longest body per message. WhatsApp itself allows 4096 characters, but Twilio's Messages API refuses
   * bodies over 1600 (error 21617) on every channel, so that is the default.
   */
  maxMessageChars?: number;
}

const DEFAULT_MAX_MESSAGE_CHARS = 1600;

/** Each reply as one WhatsApp message (split only beyond the limit), keeping `*bold*` and emoji. */
export function renderForWhatsApp(replies: Reply[], options: WhatsAppRenderOptions = {}): RenderedMessage[] {
  const max = options.maxMessageChars ?? DEFAULT_MAX_MESSAGE_CHARS;
  return replies.flatMap((reply) =>
    splitLongText(composeReply(reply), max).map((body) => ({ body, segments: 1, encoding: 'UTF-8' as const })),
  );
}
