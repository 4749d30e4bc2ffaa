import { jsonDigest, readBuiltCache, writeBuiltCache } from '../built-cache.js';
import { compileConcepts, type CompiledPattern, type ConceptTable, type Node } from './compile-pattern.js';

/**
 * Each language's concepts and rule patterns as compiled at build (`npm run build`), stored by the digest of the
 * language's concepts (built-cache.ts): compiling them was about a tenth of a cold start. Edited concepts are
 * compiled as usual, and so is a pattern the build did not see (an edited rule), so an edited lexicon applies.
 */
export interface CompiledLexiconCache {
  /** The concepts' table and the patterns compiled with it at build, or undefined when these concepts were not. */
  lookup(concepts: Record<string, string[]>): CompiledLanguage | undefined;
}

/** The table is read when first used: only a pattern the build did not see needs it, and it is half the file. */
type CompiledLanguage = { readonly table: ConceptTable; patterns: ReadonlyMap<string, CompiledPattern> };

/** Next to the compiled code (dist/safety/compiled-lexicon.cache); running from src/ there is none, and all is compiled. */
export const BUILT_COMPILED_LEXICON = new URL('./compiled-lexicon.cache', import.meta.url);
const VERSION = 4;

let built: CompiledLexiconCache | undefined;

/** The build's cache, read once; none (never an error) if it is missing or unreadable. */
export function builtCompiledLexicon(): CompiledLexiconCache {
  return (built ??= readCompiledLexicon(BUILT_COMPILED_LEXICON));
}

// Each language is two entries, its patterns and its table, under the digest of its concepts and the part's name.
const keyOf = (concepts: Record<string, string[]>, part: 'patterns' | 'table') => `${jsonDigest(concepts)} ${part}`;

export function readCompiledLexicon(path: string | URL): CompiledLexiconCache {
  const cache = readBuiltCache<unknown, string>(path, VERSION, (key) => key);
  return {
    lookup(concepts) {
      const digest = jsonDigest(concepts);
      const patterns = cache.lookup(`${digest} patterns`) as [string, CompiledPattern][] | undefined;
      if (!patterns) return undefined;
      let table: ConceptTable | undefined;
      return {
        // A damaged table is compiled again from the concepts, which the patterns were compiled with.
        get table() {
          return (table ??= new Map((cache.lookup(`${digest} table`) as [string, Node[][]][] | undefined) ?? compileConcepts(concepts)));
        },
        patterns: new Map(patterns),
      };
    },
  };
}

/** Write the cache for these languages, as the loader compiled them (load-safety-lexicon.ts). */
export function writeCompiledLexicon(path: string | URL, languages: readonly ({ concepts: Record<string, string[]> } & CompiledLanguage)[]): void {
  const entries = languages.flatMap(({ concepts, table, patterns }) => [
    { input: keyOf(concepts, 'patterns'), value: [...patterns] as unknown },
    { input: keyOf(concepts, 'table'), value: [...table] as unknown },
  ]);
  writeBuiltCache(path, VERSION, entries, (key) => key);
}
