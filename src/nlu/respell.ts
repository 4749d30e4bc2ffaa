import { normaliseText } from './normalise-text.js';

/** Words in, the same words with every declared spelling variant written the usual way ("mam" → "mum"). */
export type Respell = (words: readonly string[]) => string[];

/**
 * The intents file's `_spellings` (usual spelling → the variants people type: `mum: [mam, mom]`) as one lookup,
 * applied alike to phrases and to messages, so a phrase is written once in the usual spelling and every variant
 * reads as it. A usual spelling may be several words ("do not know: [dunno, idk]"); a variant is one word.
 */
export function createRespeller(spellings: Readonly<Record<string, readonly string[]>> = {}): Respell {
  const usual = new Map<string, string[]>();
  for (const [word, variants] of Object.entries(spellings)) {
    const to = normaliseText(word).split(' ').filter(Boolean);
    for (const variant of variants) usual.set(normaliseText(variant), to);
  }
  if (!usual.size) return (words) => [...words];
  // Read for every intent set a turn asks, so written without a throwaway array per word.
  return (words) => {
    const out: string[] = [];
    for (const w of words) {
      const to = usual.get(w);
      if (to) out.push(...to);
      else out.push(w);
    }
    return out;
  };
}
