import { createHmac } from 'node:crypto';
import type { Contact } from '../followups/follow-up-records.js';

/**
 * One person across channels (SMS and WhatsApp from the same number), without keeping the number: an HMAC of
 * the number alone. DELETE, STOP and "one open request each" use it. The chat page has no number, so its
 * conversation id stands in.
 */
export function contactHashFor(secret: string, contact: Contact | undefined, conversationId: string): string {
  if (!contact) return `conversation:${conversationId}`;
  return createHmac('sha256', secret).update(`contact:${contact.address}`).digest('base64url').slice(0, 22);
}
