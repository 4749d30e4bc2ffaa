import type { Reply } from '../conversation/reply.js';

/** Right-to-left scripts (Arabic, which Urdu is written in, and Hebrew). */
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const STRONG_LETTER = /\p{L}/u;
/** RIGHT-TO-LEFT MARK: an invisible strong RTL character. */
const RLM = '\u200f';

/**
 * The reply's text with its options numbered underneath (`1. Label`), the same on every channel. A reply in a
 * right-to-left language has each line begin with a right-to-left mark, so phones lay out lines that start
 * with a number ("1. …") or a Latin name ("Samaritans: …") right to left like the rest.
 */
export function composeReply(reply: Reply): string {
  const options = (reply.options ?? []).map((label, index) => `${index + 1}. ${label}`);
  const text = [reply.text.trim(), options.join('\n')].filter(Boolean).join('\n\n');
  return isRightToLeft(text) ? text.replace(/^(?=.)/gm, RLM) : text;
}

/** Whether a text reads right to left: its first letter is from a right-to-left script. */
export function isRightToLeft(text: string): boolean {
  const first = STRONG_LETTER.exec(text)?.[0];
  return first !== undefined && RTL_LETTER.test(first);
}
