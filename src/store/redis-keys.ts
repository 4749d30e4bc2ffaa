/**
 * Every Redis key about one conversation, in one place. Each carries the conversation id as a hash tag
 * (`{id}`) so all of a conversation's keys land in one Redis Cluster slot and MULTI/Lua across them works.
 */

/** Keys `erase` removes. A feature that stores something new about a conversation adds its suffix here. */
export const ERASABLE_SUFFIXES = ['session', 'handled'] as const;

/** The lock is left out of erasing: it belongs to the turn in flight (which may be the one erasing). */
export type KeySuffix = (typeof ERASABLE_SUFFIXES)[number] | 'lock';

export function conversationKey(prefix: string, conversationId: string, suffix: KeySuffix): string {
  // A brace inside the id would move the hash tag and silently split the conversation across slots.
  if (/[{}]/.test(conversationId)) throw new Error('conversation id must not contain { or }');
  return `${prefix}:{${conversationId}}:${suffix}`;
}

export function erasableKeys(prefix: string, conversationId: string): string[] {
  return ERASABLE_SUFFIXES.map((suffix) => conversationKey(prefix, conversationId, suffix));
}
