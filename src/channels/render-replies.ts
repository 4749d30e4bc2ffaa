import type { Channel, Reply } from '../conversation/reply.js';
import type { RenderedMessage } from './rendered-message.js';
import { renderForSms } from './render-sms.js';
import { renderForWhatsApp } from './render-whatsapp.js';

export function renderReplies(channel: Channel, replies: Reply[]): RenderedMessage[] {
  return channel === 'sms' ? renderForSms(replies) : renderForWhatsApp(replies);
}
