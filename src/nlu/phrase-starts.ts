import type { Phrase } from './keyword-classifier.js';

/**
 * The phrases under one key (a first word, its stem, a prefix's first letters), narrowed by the message's next word:
 * a phrase's second word, unless it is a prefix, matches only a word with its stem. So "my wife died" tries the
 * few "my wife …" phrases instead of all 1,300 "my …" phrases of life_event (that loop was most of a turn's reading).
 */
type Narrowed = {
  /** Phrases any next word may continue: one word long, or a prefix second ("my volunteer*"). */
  open: Phrase[];
  /** By the stem of their second word: those phrases and the open ones, in the order they were added. */
  byNextStem: Map<string, Phrase[]>;
};

export type PhraseStarts = ReadonlyMap<string, Narrowed>;

/** Index each key's phrases by their second word; every list keeps the phrases' order (ties go to the first). */
export function phraseStarts(byKey: ReadonlyMap<string, readonly Phrase[]>): PhraseStarts {
  const starts = new Map<string, Narrowed>();
  for (const [key, phrases] of byKey) {
    const open: Phrase[] = [];
    const byNextStem = new Map<string, Phrase[]>();
    for (const phrase of phrases) {
      const second = phrase.words[1];
      if (!second || second.prefix) {
        open.push(phrase);
        for (const list of byNextStem.values()) list.push(phrase);
      } else {
        let list = byNextStem.get(second.stem);
        if (!list) byNextStem.set(second.stem, (list = [...open]));
        list.push(phrase);
      }
    }
    starts.set(key, { open, byNextStem });
  }
  return starts;
}

/**
 * The phrases under `key` that the next word (by its stem; undefined at the last word) can continue, in their order:
 * the same as the key's whole list less phrases that could not match here.
 */
export function phrasesStarting(starts: PhraseStarts, key: string, nextStem: string | undefined): Phrase[] | undefined {
  const narrowed = starts.get(key);
  if (!narrowed) return undefined;
  return (nextStem === undefined ? undefined : narrowed.byNextStem.get(nextStem)) ?? narrowed.open;
}
