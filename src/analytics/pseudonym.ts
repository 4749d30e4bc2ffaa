import { createHmac } from 'node:crypto';

/**
 * The name a conversation goes by in analytics: an HMAC of its id and the month (UTC), with a key only the
 * analytics side holds. It changes every month and cannot be turned back into the session id or a number, so
 * the events of one person can be linked for a month at most.
 */
export function createPseudonymiser(key: Buffer): (conversationId: string, at: Date) => string {
  return (conversationId, at) =>
    createHmac('sha256', key)
      .update(`${conversationId}\n${at.toISOString().slice(0, 7)}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
}
