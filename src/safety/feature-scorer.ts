import type { ScreenLanguage } from './categories.js';
import { bigramBucket, bucketOf, CLASSES, collectFeatures, hashStep, LANGUAGE_SEED, ngramStart, sumWeights, wordHash, type ScoringWeights } from './classifier-model.js';

/**
 * Sums the class weights of a run of words' features into `sums` and returns how many features there are: exactly
 * what collectFeatures then sumWeights give, with fewer lookups. Most of a word's features (the word itself and
 * the letter n-grams inside " word ") depend on that word alone, so their weights are summed once per word and
 * remembered; only the bigrams and the n-grams across a space between two words are looked up each time.
 * Sums stay exact in any order because a stored model's weights are multiples of one small power of two and far
 * too few to overflow a double's 53 bits; a model with free float weights is summed feature by feature instead.
 */
export type FeatureScorer = (lang: ScreenLanguage, words: readonly string[], sums: Float64Array) => number;

const C = CLASSES.length;
/** Words remembered per language before starting afresh (each a few dozen bytes). */
const MAX_REMEMBERED = 20_000;

type WordPart = { hash: number; sums: Float64Array; count: number };

export function createFeatureScorer(weights: ScoringWeights): FeatureScorer {
  if ('floats' in weights) {
    const features: number[] = [];
    return (lang, words, sums) => {
      features.length = 0;
      collectFeatures(lang, words, features);
      sumWeights(weights, features, sums);
      return features.length;
    };
  }
  const { codes, values } = weights;
  const add = (bucket: number, sums: Float64Array) => {
    const base = bucket * C;
    for (let c = 0; c < C; c++) sums[c]! += values[codes[base + c]!]!;
  };
  const remembered = new Map<ScreenLanguage, Map<string, WordPart>>();

  /** The word's own features: itself, and the letter n-grams inside " word ". */
  const partOf = (lang: ScreenLanguage, word: string): WordPart => {
    const known = remembered.get(lang) ?? remembered.set(lang, new Map()).get(lang)!;
    const found = known.get(word);
    if (found) return found;
    const seed = LANGUAGE_SEED[lang];
    const hash = wordHash(seed, word);
    const sums = new Float64Array(C);
    add(bucketOf(hash), sums);
    let count = 1;
    const length = word.length + 2;
    const letter = (i: number) => (i === 0 || i === length - 1 ? 32 : word.charCodeAt(i - 1));
    for (let i = 0; i + 3 <= length; i++) {
      let h = ngramStart(seed);
      for (let k = 0; k < 5 && i + k < length; k++) {
        h = hashStep(h, letter(i + k));
        if (k >= 2) {
          add(bucketOf(h), sums);
          count++;
        }
      }
    }
    const part = { hash, sums, count };
    if (known.size >= MAX_REMEMBERED) known.clear();
    known.set(word, part);
    return part;
  };

  let text = new Uint16Array(1024);
  return (lang, words, sums) => {
    const seed = LANGUAGE_SEED[lang];
    add(bucketOf(seed), sums);
    let count = 1;
    let previous = 0;
    let length = 1;
    for (const word of words) {
      const part = partOf(lang, word);
      for (let c = 0; c < C; c++) sums[c]! += part.sums[c]!;
      count += part.count;
      if (previous) {
        add(bigramBucket(previous, part.hash), sums);
        count++;
      }
      previous = part.hash;
      length += word.length + 1;
    }
    if (text.length < length) text = new Uint16Array(length * 2);
    let at = 0;
    text[at++] = 32;
    for (const word of words) {
      for (let i = 0; i < word.length; i++) text[at++] = word.charCodeAt(i);
      text[at++] = 32;
    }
    // N-grams with a space inside them, each counted at the first such space `s` (none between its start and s).
    for (let s = 1, space = 0; s < length - 1; s++) {
      if (text[s] !== 32) continue;
      for (let i = Math.max(space, s - 3); i < s; i++) {
        let h = ngramStart(seed);
        for (let k = 0; k < 5 && i + k < length; k++) {
          h = hashStep(h, text[i + k]!);
          if (k >= 2 && i + k > s) {
            add(bucketOf(h), sums);
            count++;
          }
        }
      }
      space = s;
    }
    return count;
  };
}
