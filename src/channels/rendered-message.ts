import type { SmsEncoding } from './sms-segments.js';

/** One message ready to send. WhatsApp has no segments: each message is one unit of UTF-8 text. */
export interface RenderedMessage {
  body: string;
  segments: number;
  encoding: SmsEncoding | 'UTF-8';
}
