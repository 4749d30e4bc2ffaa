import { distance } from 'fastest-levenshtein';
import { squeezeRepeats } from './normalise-text.js';

export interface WordFixerOptions {
  /** Words the matcher knows; only words outside it are corrected. */
  vocabulary: Iterable<string>;
  /** Other words to leave alone, such as those a prefix phrase ("volunteer*") already matches. */
  isKnown?: (word: string) => boolean;
  /** Known misspellings and shorthand, already normalised: "sucide" → "suicide", "kms" → "kill myself". */
  replacements?: ReadonlyMap<string, string>;
  /** A word's respelling by a language's spelling key (src/safety/spelling-key.ts), tried before a word is taken as known (a known short form may have a wider spelling). */
  respell?: (word: string) => string | undefined;
  /** How many typos to forgive towards a known word (0 = none); an unknown word is fixed only when exactly one known word is that close. */
  tolerance: (knownWord: string) => number;
  /**
   * Read words typed without their vowels ("khtm", "thk", "mngni" in Roman Urdu texting) as the one known word they
   * were dropped from, at any length: the letters left must be that word's, in order, with only vowels missing.
   */
  vowelsDropped?: boolean;
  /** Words shorter than this are never taken for typos (3 unless told). */
  minTypoLength?: number;
}

const VOWELS = /[aeiou]/g;
/** Consonants this many or more make a word typed without vowels recognisable: "hr" is "har", "k" is not "ke". */
const MIN_CONSONANTS = 2;
const consonantsOf = (word: string) => word.replace(VOWELS, '');
/** Whether `short` is `word` with only vowels left out ("khtm" of "khatam"; "but" is no "baat": its u is not there). */
function dropsOnlyVowels(short: string, word: string): boolean {
  let i = 0;
  for (const letter of word) if (letter === short[i]) i++;
  return i === short.length;
}

/** Words in, corrected words out (a shorthand may become several words). */
export type FixWords = (words: string[]) => string[];

/**
 * Correct a message's words towards a vocabulary: known misspellings first, then stretched words ("diie" → "die"),
 * then typos within the tolerance. Built once; each call only looks at words the vocabulary lacks.
 */
export function createWordFixer(options: WordFixerOptions): FixWords {
  const known = new Set(options.vocabulary);
  const replacements = new Map([...(options.replacements ?? [])].map(([from, to]) => [from, to.split(' ')]));
  const bySkeleton = new Map<string, string | null>();
  const byInitial = new Map<string, { word: string; tolerance: number }[]>();
  const byConsonants = new Map<string, string | null>();
  for (const word of known) {
    if (options.vowelsDropped) {
      const consonants = consonantsOf(word);
      // Two known words with the same consonants ("sair"/"sar") are ambiguous, as with skeletons below.
      if (consonants.length >= MIN_CONSONANTS && consonants !== word) byConsonants.set(consonants, byConsonants.has(consonants) && byConsonants.get(consonants) !== word ? null : word);
    }
    const skeleton = squeezeRepeats(word);
    // Two known words with one skeleton ("god"/"good") are ambiguous: never guess between them.
    bySkeleton.set(skeleton, bySkeleton.has(skeleton) && bySkeleton.get(skeleton) !== word ? null : word);
    const tolerance = options.tolerance(word);
    if (tolerance <= 0) continue;
    // Typos rarely hit the first letter; requiring it keeps "talk" from becoming "walk".
    const initial = word[0]!;
    const sameInitial = byInitial.get(initial);
    if (sameInitial) sameInitial.push({ word, tolerance });
    else byInitial.set(initial, [{ word, tolerance }]);
  }

  const fixWord = (word: string): string | string[] => {
    const replaced = replacements.get(word);
    if (replaced) return replaced;
    const respelt = options.respell?.(word);
    if (respelt) return respelt;
    if (known.has(word) || options.isKnown?.(word)) return word;
    const unvowelled = options.vowelsDropped ? byConsonants.get(consonantsOf(word)) : undefined;
    if (unvowelled && dropsOnlyVowels(word, unvowelled)) return unvowelled;
    if (word.length < (options.minTypoLength ?? 3)) return word;
    const stretched = bySkeleton.get(squeezeRepeats(word));
    if (stretched) return stretched;
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const candidate of byInitial.get(word[0]!) ?? []) {
      if (Math.abs(candidate.word.length - word.length) > candidate.tolerance) continue;
      const d = distance(word, candidate.word);
      if (d > candidate.tolerance || d > bestDistance) continue;
      best = d === bestDistance ? null : candidate.word;
      bestDistance = d;
    }
    return best ?? word;
  };

  return (words) => words.flatMap(fixWord);
}
