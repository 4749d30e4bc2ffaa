import { readBuiltCache, writeBuiltCache, type BuiltCache } from '../built-cache.js';
import type { CompiledPattern, ConceptTable, Node } from './compile-pattern.js';

/**
 * Each language's concepts and rule patterns as compiled at build (`npm run build`), stored by the digest of the
 * language's concepts (built-cache.ts): compiling them was about a tenth of a cold start. Edited concepts are
 * compiled as usual, and so is a pattern the build did not see (an edited rule), so an edited lexicon applies.
 */
export interface CompiledLexiconCache {
  /** The concepts' table and the patterns compiled with it at build, or undefined when these concepts were not. */
  lookup(concepts: Record<string, string[]>): CompiledLanguage | undefined;
}

type CompiledLanguage = { table: ConceptTable; patterns: ReadonlyMap<string, CompiledPattern> };

/** Next to the compiled code (dist/safety/compiled-lexicon.cache); running from src/ there is none, and all is compiled. */
export const BUILT_COMPILED_LEXICON = new URL('./compiled-lexicon.cache', import.meta.url);
const VERSION = 2;

type Entry = { table: [string, Node[][]][]; patterns: [string, CompiledPattern][] };

let built: CompiledLexiconCache | undefined;

/** The build's cache, read once; none (never an error) if it is missing or unreadable. */
export function builtCompiledLexicon(): CompiledLexiconCache {
  return (built ??= readCompiledLexicon(BUILT_COMPILED_LEXICON));
}

export function readCompiledLexicon(path: string | URL): CompiledLexiconCache {
  const cache: BuiltCache<Entry> = readBuiltCache(path, VERSION);
  return {
    lookup(concepts) {
      const entry = cache.lookup(concepts);
      return entry && { table: new Map(entry.table), patterns: new Map(entry.patterns) };
    },
  };
}

/** Write the cache for these languages, as the loader compiled them (load-safety-lexicon.ts). */
export function writeCompiledLexicon(path: string | URL, languages: readonly ({ concepts: Record<string, string[]> } & CompiledLanguage)[]): void {
  writeBuiltCache<Entry>(path, VERSION, languages.map(({ concepts, table, patterns }) => ({ input: concepts, value: { table: [...table], patterns: [...patterns] } })));
}
