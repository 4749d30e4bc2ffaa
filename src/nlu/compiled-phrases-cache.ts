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

/** Next to the compiled code (dist/nlu/compiled-phrases.json); running from src/ there is none, and all is compiled. */
export const BUILT_COMPILED_PHRASES = new URL('./compiled-phrases.json', import.meta.url);
const VERSION = 1;

let built: CompiledPhrasesCache | undefined;

/** The build's cache, read once; none (never an error) if it is missing or unreadable. */
export function builtCompiledPhrases(): CompiledPhrasesCache {
  return (built ??= readCompiledPhrases(BUILT_COMPILED_PHRASES));
}

export function readCompiledPhrases(path: string | URL): CompiledPhrasesCache {
  const cache: BuiltCache<Record<IntentSet, Phrase[]>> = readBuiltCache(path, VERSION);
  return { lookup: (locale, file) => cache.lookup([locale, file]) };
}

/** Write the cache for these locales' files, each with the phrases compilePhrases (keyword-classifier.ts) made of it. */
export function writeCompiledPhrases(path: string | URL, locales: readonly { locale: string; file: IntentsFile; phrases: Record<IntentSet, Phrase[]> }[]): void {
  writeBuiltCache(path, VERSION, locales.map(({ locale, file, phrases }) => ({ input: [locale, file], value: phrases })));
}
