import { createHash } from 'node:crypto';
import type { ReplayKeys } from './store.js';

/**
 * The fields under which a handled message is remembered for a day: its id, and Twilio's idempotency token
 * (prefixed, so a token can never be mistaken for a message id). Each is a 72-bit digest, not the id itself:
 * a day of messages then costs a few bytes each, and a collision inside one conversation is out of reach.
 */
export function replayFields(keys: ReplayKeys): string[] {
  const fields: string[] = [];
  if (keys.messageId) fields.push(`m${digest(keys.messageId)}`);
  if (keys.idempotencyToken) fields.push(`t${digest(keys.idempotencyToken)}`);
  return fields;
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 12);
}
