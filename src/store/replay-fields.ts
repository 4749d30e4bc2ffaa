import type { ReplayKeys } from './store.js';

/**
 * The fields under which a handled message is remembered: its id, and Twilio's idempotency token (prefixed, so
 * a token can never be mistaken for a message id).
 */
export function replayFields(keys: ReplayKeys): string[] {
  const fields: string[] = [];
  if (keys.messageId) fields.push(`m:${keys.messageId}`);
  if (keys.idempotencyToken) fields.push(`t:${keys.idempotencyToken}`);
  return fields;
}
