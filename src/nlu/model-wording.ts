import type { IntentsByLocale } from './intent-sets.js';
import { phraseWords, type PhraseWord } from './phrase-words.js';
import { createRespeller, type Respell } from './respell.js';

/** A concept entry as words; a word ending in * matches any ending ("fabryk*"). */
type ConceptEntry = { concept: string; words: PhraseWord[] };

/**
 * How the trained model reads one language's words, from its intents file: every declared spelling written the
 * usual way ("mam" → "mum", "nhi" → "nahi"), as the phrases read it, and the concepts each stretch of words names
 * ("the missus" is @partner, "warehouse" @workplace), so what the model learns of "my husband left" carries over
 * to "my fella left".
 */
export type ModelWording = {
  respell: Respell;
  /** At each word: the concepts an entry starting there names, and how many words it takes (the longest entry). */
  conceptsAt(words: readonly string[], start: number): { names: string[]; length: number } | null;
};

export type ModelWordings = ReadonlyMap<string, ModelWording>;

export function createModelWordings(intents: IntentsByLocale): ModelWordings {
  return new Map([...intents].map(([locale, file]) => [locale, createModelWording(file._spellings, file._concepts)]));
}

function createModelWording(spellings: Readonly<Record<string, readonly string[]>> = {}, concepts: Readonly<Record<string, readonly string[]>> = {}): ModelWording {
  const respell = createRespeller(spellings);
  const entries: ConceptEntry[] = Object.entries(concepts).flatMap(([concept, list]) =>
    list.map((entry) => ({
      concept,
      words: phraseWords(entry, respell),
    })),
  );
  // Entries by their first word; the few that start with a prefix are tried at every word.
  const byFirstWord = new Map<string, ConceptEntry[]>();
  const byPrefix: ConceptEntry[] = [];
  for (const entry of entries) {
    const first = entry.words[0];
    if (!first) continue;
    if (first.prefix) byPrefix.push(entry);
    else if (byFirstWord.has(first.text)) byFirstWord.get(first.text)!.push(entry);
    else byFirstWord.set(first.text, [entry]);
  }
  const matchesAt = (entry: ConceptEntry, words: readonly string[], start: number) =>
    start + entry.words.length <= words.length &&
    entry.words.every((w, i) => (w.prefix ? words[start + i]!.startsWith(w.text) : words[start + i] === w.text));
  return {
    respell,
    conceptsAt(words, start) {
      let length = 0;
      const names = new Set<string>();
      for (const entry of [...(byFirstWord.get(words[start]!) ?? []), ...byPrefix]) {
        if (!matchesAt(entry, words, start)) continue;
        names.add(entry.concept);
        length = Math.max(length, entry.words.length);
      }
      return names.size ? { names: [...names].sort(), length } : null;
    },
  };
}
