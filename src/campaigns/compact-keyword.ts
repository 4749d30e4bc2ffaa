const ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}+/gu;
/** Letters NFKD does not split into base + accent ("TYDZIEŃ" and "tydzien" are the same keyword, so is "ł"/"l"). */
const UNSPLIT: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe' };
const UNSPLIT_RE = /[łøđßæœ]/g;
/** Anything but letters and digits separates words: spaces, punctuation, emoji. */
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** The words of a text as keywords are compared: lowercase, accents, punctuation and emoji gone. */
export function keywordWords(text: string): string[] {
  // Most messages are plain ASCII: nothing to decompose.
  const plain = ASCII.test(text) ? text : text.normalize('NFKD');
  return plain
    .toLowerCase()
    .replace(MARKS, '')
    .replace(UNSPLIT_RE, (c) => UNSPLIT[c] ?? c)
    .split(SEPARATORS)
    .filter(Boolean);
}

/** A keyword as one run of letters and digits ("Lib 24!" → "lib24"), or '' if nothing is left. */
export function compactKeyword(text: string): string {
  return keywordWords(text).join('');
}

/** Keywords written with a space ("LIB 24") are found however the resident splits them, up to this many words. */
const MAX_WORDS_PER_KEYWORD = 3;
const REPEATED = /^(.+?)\1+$/u;
/** Repeats are looked for in short messages only (the pattern is quadratic in the length). */
const MAX_REPEATED_LENGTH = 80;

/**
 * The first keyword in a message. A keyword matches when it equals the whole message run together, what a short
 * message repeats ("lib24lib24"), or up to three neighbouring words joined ("hi i saw your poster lib24" → "lib24"):
 * so it is found alone, in capitals, with emoji, split by a space, inside a longer prefilled text, or twice.
 * Looks each candidate up as it is made, so an ordinary message costs a few microseconds.
 */
export function findKeyword<T>(text: string, keywords: ReadonlyMap<string, T>): T | undefined {
  const words = keywordWords(text);
  const whole = words.join('');
  const found = keywords.get(whole);
  if (found !== undefined || !whole) return found;
  const repeated = whole.length <= MAX_REPEATED_LENGTH ? REPEATED.exec(whole)?.[1] : undefined;
  if (repeated !== undefined && keywords.has(repeated)) return keywords.get(repeated);
  for (let i = 0; i < words.length; i += 1) {
    let joined = '';
    for (let j = i; j < Math.min(words.length, i + MAX_WORDS_PER_KEYWORD); j += 1) {
      joined += words[j];
      const hit = keywords.get(joined);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}
