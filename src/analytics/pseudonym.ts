import { createHmac } from 'node:crypto';

/** Conversations whose pseudonym is remembered (in this process only), so a busy one is not hashed every turn. */
const REMEMBERED = 10_000;

/**
 * The name a conversation goes by in analytics: an HMAC of its id and the month (UTC), with a key only the
 * analytics side holds. It changes every month and cannot be turned back into the session id or a number, so
 * the events of one person can be linked for a month at most.
 */
export function createPseudonymiser(key: Buffer): (conversationId: string, at: Date) => string {
  const remembered = new Map<string, { month: number; pseudonym: string }>();
  return (conversationId, at) => {
    // The month as a number for the lookup every turn makes; its text (2027-01) only when hashing.
    const month = at.getUTCFullYear() * 12 + at.getUTCMonth();
    const known = remembered.get(conversationId);
    if (known?.month === month) return known.pseudonym;
    const pseudonym = createHmac('sha256', key).update(`${conversationId}\n${at.toISOString().slice(0, 7)}`).digest().subarray(0, 16).toString('base64url');
    if (remembered.size >= REMEMBERED) remembered.clear();
    remembered.set(conversationId, { month, pseudonym });
    return pseudonym;
  };
}
