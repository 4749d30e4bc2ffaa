import { normaliseText } from '../nlu/normalise-text.js';

const EMOJI = /\p{Extended_Pictographic}|\uFE0F|\u200D/gu;

/** The words of a text as keywords are compared: lowercase, accents, punctuation and emoji gone. */
export function keywordWords(text: string): string[] {
  return normaliseText(text.replace(EMOJI, ' ')).split(' ').filter(Boolean);
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
 * Every run of up to three neighbouring words in a message, joined ("hi i saw your poster lib24" → …, "lib24"),
 * the whole message joined, and what a short message repeats. A keyword matches a message when it equals one of
 * these, so it is found alone, in capitals, with emoji, split by a space, inside a longer prefilled text, or twice.
 */
export function keywordCandidates(text: string): Set<string> {
  const words = keywordWords(text);
  const whole = words.join('');
  // "LIB24LIB24": a keyword typed twice without a space.
  const repeated = whole.length <= MAX_REPEATED_LENGTH ? REPEATED.exec(whole)?.[1] : undefined;
  const found = new Set<string>([whole, ...(repeated ? [repeated] : [])]);
  for (let i = 0; i < words.length; i += 1) {
    let joined = '';
    for (let j = i; j < Math.min(words.length, i + MAX_WORDS_PER_KEYWORD); j += 1) {
      joined += words[j];
      found.add(joined);
    }
  }
  found.delete('');
  return found;
}
