import type { Channel } from '../conversation/reply.js';

export type TwilioAddress = { status: 'ok'; channel: Channel; phone: string } | { status: 'invalid'; reason: string };

/** E.164: a plus, then 8 to 15 digits, the first not 0. Any country is fine. */
const E164 = /^\+[1-9]\d{7,14}$/;

/** `+447700900123` (SMS) or `whatsapp:+447700900123`; other channels (`messenger:`…) are not ours to handle. */
export function parseTwilioAddress(address: string): TwilioAddress {
  const prefixed = /^([a-z-]+):(.*)$/i.exec(address);
  if (prefixed && prefixed[1]?.toLowerCase() !== 'whatsapp') return { status: 'invalid', reason: 'unsupported channel' };
  const phone = (prefixed ? prefixed[2] : address)?.trim() ?? '';
  if (!E164.test(phone)) return { status: 'invalid', reason: 'not an E.164 phone number' };
  return { status: 'ok', channel: prefixed ? 'whatsapp' : 'sms', phone };
}
