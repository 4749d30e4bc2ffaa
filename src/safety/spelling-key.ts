import type { LanguageSettings } from './lexicon-schema.js';

/**
 * A language written by ear (Roman Urdu: "zindagi", "zindagee", "zindgi", "zndgi"; "marna", "marnaa", "mrna") has
 * no one spelling for a word, so a list of misspellings never catches up. Instead each word gets a spelling key:
 * the letter groups that are written for one sound read as one (`letters` in language.yaml: "ee" → "i", "w" → "v";
 * a doubled consonant is kept: "chutti", a holiday, is not "chhuti"). An unknown word whose key is the key of exactly one of the rules' words is read
 * as that word. A word typed without its inner vowels, as texts are ("mrna", "khtm"), is compared by its
 * consonants (first letter, inner consonants, last letter) with the rules' words of four letters or more, again
 * only when exactly one fits. Words shorter than `min_length` are left alone: short words collide too easily. Only
 * words in Latin letters are respelt (a script with one spelling needs none).
 */
export type Respell = (word: string) => string | undefined;

export function createRespeller(settings: LanguageSettings['spelling_key'], vocabulary: Iterable<string>): Respell | undefined {
  if (!settings) return undefined;
  const { letters, vowels, min_length: minLength } = settings;
  const groups = Object.entries(letters).sort((a, b) => b[0].length - a[0].length);
  const vowelSet = new Set(vowels);
  const keyOf = (word: string): string => {
    let out = '';
    for (let i = 0; i < word.length; ) {
      const group = groups.find(([from]) => (from.endsWith('$') ? i + from.length - 1 === word.length && word.startsWith(from.slice(0, -1), i) : word.startsWith(from, i)));
      if (group) {
        out += group[1];
        i += group[0].length - (group[0].endsWith('$') ? 1 : 0);
      } else out += word[i++];
    }
    return out;
  };
  /** First letter, the consonants inside, last letter: "zindagi" → "zndgi"; null when the word is too short. */
  const consonantsOf = (key: string): string | null =>
    key.length < 3 ? null : key[0]! + [...key.slice(1, -1)].filter((c) => !vowelSet.has(c)).join('') + key.at(-1)!;
  const hasInnerVowel = (key: string) => [...key.slice(1, -1)].some((c) => vowelSet.has(c));

  const byKey = new Map<string, string | null>();
  const byConsonants = new Map<string, string | null>();
  const known = new Set<string>();
  const add = (map: Map<string, string | null>, key: string, word: string) => map.set(key, map.has(key) && map.get(key) !== word ? null : word);
  for (const word of vocabulary) {
    if (!/^[a-z]+$/.test(word)) continue;
    known.add(word);
    const key = keyOf(word);
    add(byKey, key, word);
    const consonants = word.length >= 4 ? consonantsOf(key) : null;
    if (consonants) add(byConsonants, consonants, word);
  }
  return (word) => {
    if (word.length < minLength || known.has(word) || !/^[a-z]+$/.test(word)) return undefined;
    const key = keyOf(word);
    const same = byKey.get(key);
    if (same) return same;
    if (same === null || hasInnerVowel(key)) return undefined;
    const consonants = consonantsOf(key);
    return (consonants && byConsonants.get(consonants)) || undefined;
  };
}
