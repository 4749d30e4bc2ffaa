import { normaliseText } from './normalise-text.js';
import type { Respell } from './respell.js';

/** A word of a phrase or concept entry as written in an intents file; `prefix`: it ended in * ("fabryk*"). */
export type PhraseWord = { text: string; prefix: boolean };

const normalisedWords = (raw: string): string[] => normaliseText(raw).split(' ').filter(Boolean);

/**
 * The words of a phrase or a concept entry, read as messages are: normalised, and each declared spelling written
 * the usual way. A prefix is kept as written: "mam*" is a beginning, not the word "mam".
 */
export function phraseWords(phrase: string, respell: Respell, wordsOf: (raw: string) => string[] = normalisedWords): PhraseWord[] {
  return phrase
    .trim()
    .split(/\s+/)
    .flatMap((raw) => {
      const prefix = raw.endsWith('*');
      const written = wordsOf(prefix ? raw.slice(0, -1) : raw);
      const parts = prefix ? written : respell(written);
      return parts.map((text, i) => ({ text, prefix: prefix && i === parts.length - 1 }));
    });
}
