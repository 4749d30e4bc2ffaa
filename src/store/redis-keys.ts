/**
 * Every Redis key about one conversation, in one place. Each carries the conversation id as a hash tag
 * (`{id}`) so all of a conversation's keys land in one Redis Cluster slot and MULTI/Lua across them works.
 */

/** Keys `erase` removes. A feature that stores something new about a conversation adds its suffix here. */
export const ERASABLE_SUFFIXES = ['session', 'handled', 'seen', 'flood'] as const;

/**
 * The lock queue: `queue` (tickets in arrival order), `alive` (each ticket's deadline), `tickets` (the
 * counter). Left out of erasing: it belongs to the turns in flight (one of which may be the one erasing), and
 * it holds nothing about the person.
 */
export const LOCK_SUFFIXES = ['queue', 'alive', 'tickets'] as const;

/**
 * When the conversation was last erased (ms, for a day): what an erasure leaves, so a message that arrived
 * before it and reaches Redis after it is dropped. Holds a time, nothing the person said.
 */
export const ERASE_MARKER_SUFFIX = 'erased';

export type KeySuffix = (typeof ERASABLE_SUFFIXES)[number] | (typeof LOCK_SUFFIXES)[number] | typeof ERASE_MARKER_SUFFIX;

export function conversationKey(prefix: string, conversationId: string, suffix: KeySuffix): string {
  // A brace inside the id would move the hash tag and silently split the conversation across slots.
  if (/[{}]/.test(conversationId)) throw new Error('conversation id must not contain { or }');
  return `${prefix}:{${conversationId}}:${suffix}`;
}

export function erasableKeys(prefix: string, conversationId: string): string[] {
  return ERASABLE_SUFFIXES.map((suffix) => conversationKey(prefix, conversationId, suffix));
}

export function lockKeys(prefix: string, conversationId: string): [string, string, string] {
  const [queue, alive, tickets] = LOCK_SUFFIXES.map((suffix) => conversationKey(prefix, conversationId, suffix));
  return [queue!, alive!, tickets!];
}
