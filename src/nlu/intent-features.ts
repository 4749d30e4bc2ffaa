import { normaliseText } from './normalise-text.js';
import { stemmerFor } from './stem-word.js';

/** Letter n-grams inside each word: they carry misspellings, Roman Urdu's many spellings and Polish endings. */
const MIN_GRAM = 3;
const MAX_GRAM = 4;

/**
 * What the trained intent model sees of a message: word stems, pairs of neighbouring stems, and letter 3- to
 * 5-grams of each word (with its edges marked). Features are plain strings, so a stored model can be read by eye.
 */
export function intentFeatures(text: string, locale: string): string[] {
  const stem = stemmerFor(locale);
  const words = normaliseText(text).split(' ').filter(Boolean);
  const features = new Set<string>();
  let previous = '^';
  for (const word of words) {
    const s = stem(word);
    features.add(`w:${s}`);
    features.add(`b:${previous}_${s}`);
    previous = s;
    const padded = `<${word}>`;
    for (let n = MIN_GRAM; n <= MAX_GRAM; n++) {
      for (let i = 0; i + n <= padded.length; i++) features.add(`c:${padded.slice(i, i + n)}`);
    }
  }
  if (words.length) features.add(`b:${previous}_$`);
  return [...features];
}
