import type { LanguageSettings } from './lexicon-schema.js';

/**
 * A language written by ear (Roman Urdu: "zindagi", "zindagee", "zindgi", "zndgi"; "marna", "marnaa", "mrna") has
 * no one spelling for a word, so a list of misspellings never catches up. Instead each word gets a spelling key:
 * the letter groups that are written for one sound read as one (`letters` in language.yaml: "ee" → "i", "w" → "v";
 * a doubled consonant is kept: "chutti", a holiday, is not "chhuti"). An unknown word whose key is the key of one
 * of the rules' words is read as that word. A word typed without its inner vowels, as texts are ("mrna", "khtm"), is
 * compared by its consonants (first letter, inner consonants, last letter) with the rules' words of four letters or
 * more. When several rule words fit, they may be spellings of one word the rules list side by side ("jeene",
 * "jine"), or a real clash ("marna", to die; "maarna", to hit): the word is respelt only when every one that fits
 * means the same, that is, is listed by exactly the same concepts (`meanings`); a word no concept lists means
 * only itself. Words shorter than `min_length` are left alone: short words collide too easily. Only words in Latin
 * letters are respelt (a script with one spelling needs none).
 */
export type Respell = (word: string) => string | undefined;

/** The concepts that list a word themselves (not through another concept): what the word means to the rules. */
export type Meanings = (word: string) => ReadonlySet<string>;

export function createRespeller(settings: LanguageSettings['spelling_key'], vocabulary: Iterable<string>, meanings: Meanings = () => new Set()): Respell | undefined {
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

  const meaningOf = (word: string): string => {
    const names = [...meanings(word)].sort();
    return names.length ? names.join(' ') : `=${word}`;
  };
  // Per key, the one word it stands for, or null when words of different meanings share it.
  const byKey = new Map<string, { word: string; meaning: string } | null>();
  const byConsonants = new Map<string, { word: string; meaning: string } | null>();
  const known = new Set<string>();
  const add = (map: Map<string, { word: string; meaning: string } | null>, key: string, word: string) => {
    const meaning = meaningOf(word);
    const before = map.get(key);
    if (before === undefined) map.set(key, { word, meaning });
    else if (before && before.meaning !== meaning) map.set(key, null);
  };
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
    if (same) return same.word;
    if (same === null || hasInnerVowel(key)) return undefined;
    const consonants = consonantsOf(key);
    return (consonants && byConsonants.get(consonants)?.word) || undefined;
  };
}
