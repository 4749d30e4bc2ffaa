import type { ModelWording } from './model-wording.js';
import { normaliseText } from './normalise-text.js';
import { stemmerFor } from './stem-word.js';

/** Letter n-grams inside each word: they carry misspellings, Roman Urdu's many spellings and Polish endings. */
const MIN_GRAM = 3;
const MAX_GRAM = 4;

/**
 * What the trained intent model sees of a message: the words as the phrases see them (normalised, every declared
 * spelling written the usual way), their stems, pairs of neighbouring stems, letter 3- and 4-grams of each word
 * (with its edges marked), and the concepts the words name with their neighbours ("@partner" then "left").
 * Features are plain strings, so a stored model can be read by eye.
 */
export function intentFeatures(text: string, locale: string, wording?: ModelWording): string[] {
  const stem = stemmerFor(locale);
  const normalised = normaliseText(text).split(' ').filter(Boolean);
  const words = wording ? wording.respell(normalised) : normalised;
  const stems = words.map(stem);
  const features = new Set<string>();
  let previous = '^';
  words.forEach((word, i) => {
    const s = stems[i]!;
    features.add(`w:${s}`);
    features.add(`b:${previous}_${s}`);
    previous = s;
    const padded = `<${word}>`;
    for (let n = MIN_GRAM; n <= MAX_GRAM; n++) {
      for (let j = 0; j + n <= padded.length; j++) features.add(`c:${padded.slice(j, j + n)}`);
    }
    const concepts = wording?.conceptsAt(words, i);
    if (!concepts) return;
    const before = i > 0 ? stems[i - 1]! : '^';
    const after = stems[i + concepts.length] ?? '$';
    for (const name of concepts.names) {
      features.add(`k:@${name}`);
      features.add(`b:${before}_@${name}`);
      features.add(`b:@${name}_${after}`);
    }
  });
  if (words.length) features.add(`b:${previous}_$`);
  return [...features];
}
