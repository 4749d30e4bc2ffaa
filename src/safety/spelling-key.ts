import type { LanguageSettings } from './lexicon-schema.js';

/**
 * A language written by ear (Roman Urdu: "zindagi", "zindagee", "zindgi", "zndgi"; "marna", "marnaa", "mrna") has
 * no one spelling for a word, so a list of misspellings never catches up. Instead each word gets a spelling key:
 * the letter groups that are written for one sound read as one (`letters` in language.yaml: "ee" → "i", "w" → "v";
 * a doubled consonant is kept: "chutti", a holiday, is not "chhuti"). An unknown word whose key is the key of one
 * of the rules' words is read as that word. A word typed without its inner vowels, as texts are ("mrna", "khtm"), is
 * compared by its consonants (first letter, inner consonants, last letter) with the rules' words of three letters or
 * more. When several rule words fit, they may be spellings of one word the rules list side by side ("jeene",
 * "jine"), or a real clash ("marna", to die; "maarna", to hit): the word is respelt only when one that fits means
 * everything the others mean, that is, is listed by every concept that lists any of them (`meanings`: "rahi" for
 * "rhi" and "rahi", a short form some concepts list too); a word no concept lists means only itself. Words shorter
 * than `min_length` collide too easily: one is respelt only when typed with no inner vowel and, if `short_dropped` is
 * set, only towards a rule word that differs by that vowel inside it ("kr" → "kar", "lg" → "lag" and not "leg", "hy"
 * → "hai" and not "hui"), the vowel texts drop. Only words in Latin letters are respelt (a script with one spelling
 * needs none).
 */
export type Respell = (word: string) => string | undefined;

/** The concepts that list a word themselves (not through another concept): what the word means to the rules. */
export type Meanings = (word: string) => ReadonlySet<string>;

export function createRespeller(settings: LanguageSettings['spelling_key'], vocabulary: Iterable<string>, meanings: Meanings = () => new Set()): Respell | undefined {
  if (!settings) return undefined;
  const { letters, vowels, min_length: minLength, short_dropped: shortDropped } = settings;
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
  /** A short word's key without the vowel texts drop inside it: "kar" → "kr", "hai" → "hi"; "leg" keeps its "e". */
  const shortFormOf = (key: string): string | null =>
    shortDropped && key.length >= 3 && key.length <= minLength ? key[0]! + key.slice(1, -1).replaceAll(shortDropped, '') + key.at(-1)! : null;

  type Candidate = { word: string; names: ReadonlySet<string> };
  const byKey = new Map<string, Candidate[]>();
  const byConsonants = new Map<string, Candidate[]>();
  const byShortForm = new Map<string, Candidate[]>();
  const known = new Set<string>();
  const add = (map: Map<string, Candidate[]>, key: string | null, candidate: Candidate) => {
    if (key) (map.get(key) ?? map.set(key, []).get(key)!).push(candidate);
  };
  for (const word of vocabulary) {
    if (!/^[a-z]+$/.test(word)) continue;
    known.add(word);
    const key = keyOf(word);
    const candidate = { word, names: meanings(word) };
    add(byKey, key, candidate);
    if (word.length >= 3) add(byConsonants, consonantsOf(key), candidate);
    if (key !== shortFormOf(key)) add(byShortForm, shortFormOf(key), candidate);
  }
  /** The one word that means all the others mean (a word no concept lists means only itself), or null for a clash. */
  const widest = (candidates: Candidate[] | undefined): string | null | undefined => {
    if (!candidates) return undefined;
    const means = (a: Candidate, b: Candidate) => a.word === b.word || (b.names.size > 0 && [...b.names].every((n) => a.names.has(n)));
    return candidates.find((a) => candidates.every((b) => means(a, b)))?.word ?? null;
  };
  const resolved = <K>(map: Map<K, Candidate[]>) => new Map([...map].map(([key, candidates]) => [key, widest(candidates)]));
  const wordByKey = resolved(byKey);
  const wordByConsonants = resolved(byConsonants);
  const wordByShortForm = resolved(byShortForm);

  const names = new Map<string, ReadonlySet<string>>();
  for (const candidates of byKey.values()) for (const { word, names: listed } of candidates) names.set(word, listed);
  /** A rule word's wider spelling: "rha" (listed by one concept) is read as "raha" (listed by it and many more). */
  const widerOf = (word: string): string | undefined => {
    const own = names.get(word)!;
    if (!own.size) return undefined;
    const key = keyOf(word);
    const typedWithoutVowels = hasInnerVowel(key) ? [] : [wordByShortForm.get(key), wordByConsonants.get(consonantsOf(key) ?? '')];
    const wider = [wordByKey.get(key), ...typedWithoutVowels].find((w) => w && w !== word);
    return wider && [...own].every((n) => names.get(wider)!.has(n)) ? wider : undefined;
  };
  const wider = new Map([...known].map((w) => [w, widerOf(w)]));

  return (word) => {
    if (known.has(word)) return wider.get(word);
    if (word.length < 2 || !/^[a-z]+$/.test(word)) return undefined;
    const key = keyOf(word);
    if (word.length < minLength) return hasInnerVowel(key) || (word.length === 2 && [...word].some((c) => vowelSet.has(c))) ? undefined : (wordByShortForm.get(key) ?? undefined);
    const same = wordByKey.get(key);
    if (same) return same;
    if (same === null || hasInnerVowel(key)) return undefined;
    const consonants = consonantsOf(key);
    return (consonants && wordByConsonants.get(consonants)) || undefined;
  };
}
