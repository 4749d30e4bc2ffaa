import { readBuiltCache, writeBuiltCache, type BuiltCache } from '../built-cache.js';
import type { IntentsFile, IntentSet } from './intent-sets.js';
import type { Phrase } from './keyword-classifier.js';

/**
 * The keyword classifier's phrases as compiled at build (`npm run build`: concepts expanded, every word normalised,
 * respelt and stemmed), stored by the digest of the locale and its intents file (built-cache.ts): compiling them
 * was about a tenth of a cold start. An intents file edited since the build is compiled as usual.
 */
export interface CompiledPhrasesCache {
  lookup(locale: string, file: IntentsFile): Record<IntentSet, Phrase[]> | undefined;
}

/** Next to the compiled code (dist/nlu/compiled-phrases.cache); running from src/ there is none, and all is compiled. */
export const BUILT_COMPILED_PHRASES = new URL('./compiled-phrases.cache', import.meta.url);
const VERSION = 2;

/**
 * A locale's phrases, compact: concepts expand into ~90,000 phrase words but only a few thousand distinct ones, so
 * each is stored once and a phrase is [intent index, word count, word index…] in its set's list of numbers. Reading
 * that is a small part of reading every word as an object (the JSON was 6 MB, and a fifth of a start).
 */
type Compact = { intents: string[]; words: [text: string, stem: string, prefix: 0 | 1][]; sets: Record<string, number[]> };

let built: CompiledPhrasesCache | undefined;

/** The build's cache, read once; none (never an error) if it is missing or unreadable. */
export function builtCompiledPhrases(): CompiledPhrasesCache {
  return (built ??= readCompiledPhrases(BUILT_COMPILED_PHRASES));
}

export function readCompiledPhrases(path: string | URL): CompiledPhrasesCache {
  const cache: BuiltCache<Compact> = readBuiltCache(path, VERSION);
  return {
    lookup(locale, file) {
      const compact = cache.lookup([locale, file]);
      return compact && expand(compact);
    },
  };
}

/** Write the cache for these locales' files, each with the phrases compilePhrases (keyword-classifier.ts) made of it. */
export function writeCompiledPhrases(path: string | URL, locales: readonly { locale: string; file: IntentsFile; phrases: Record<IntentSet, Phrase[]> }[]): void {
  writeBuiltCache(path, VERSION, locales.map(({ locale, file, phrases }) => ({ input: [locale, file], value: compact(phrases) })));
}

function compact(phrases: Record<IntentSet, Phrase[]>): Compact {
  const intents = new Map<string, number>();
  const words = new Map<string, number>();
  const indexOf = (map: Map<string, number>, key: string) => map.get(key) ?? map.set(key, map.size).size - 1;
  const sets: Record<string, number[]> = {};
  for (const [set, list] of Object.entries(phrases)) {
    sets[set] = list.flatMap((p) => [indexOf(intents, p.intent), p.words.length, ...p.words.map((w) => indexOf(words, JSON.stringify([w.text, w.stem, w.prefix ? 1 : 0])))]);
  }
  return { intents: [...intents.keys()], words: [...words.keys()].map((w) => JSON.parse(w) as Compact['words'][number]), sets };
}

// Phrases share their word objects: nothing changes a compiled phrase once made.
function expand({ intents, words, sets }: Compact): Record<IntentSet, Phrase[]> {
  const phraseWords = words.map(([text, stem, prefix]) => ({ text, stem, prefix: prefix === 1 }));
  const expanded: Record<string, Phrase[]> = {};
  for (const [set, numbers] of Object.entries(sets)) {
    const list: Phrase[] = [];
    for (let i = 0; i < numbers.length; ) {
      const intent = intents[numbers[i]!]!;
      const count = numbers[i + 1]!;
      list.push({ intent, words: numbers.slice(i + 2, i + 2 + count).map((w) => phraseWords[w]!) });
      i += 2 + count;
    }
    expanded[set] = list;
  }
  return expanded as Record<IntentSet, Phrase[]>;
}
