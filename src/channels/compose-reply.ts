import type { Reply } from '../conversation/reply.js';

/** The reply's text with its options numbered underneath (`1. Label`), the same on every channel. */
export function composeReply(reply: Reply): string {
  const options = (reply.options ?? []).map((label, index) => `${index + 1}. ${label}`);
  return [reply.text.trim(), options.join('\n')].filter(Boolean).join('\n\n');
}
