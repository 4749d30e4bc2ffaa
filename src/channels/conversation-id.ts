import { createHmac } from 'node:crypto';
import type { Channel } from '../conversation/reply.js';

/**
 * The pseudonymous key for one person on one channel: base64url(HMAC-SHA256(secret, channel:phone)), cut to
 * 22 characters = 132 bits. That is ample: among a billion conversations the chance of any two colliding is
 * about 1e-22, and without the secret the number cannot be recovered or guessed from it.
 */
export function conversationIdFor(secret: string, channel: Channel, phone: string): string {
  return createHmac('sha256', secret).update(`${channel}:${phone}`).digest('base64url').slice(0, 22);
}
