import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { CompiledPattern, ConceptTable, Node } from './compile-pattern.js';

/**
 * Each language's concepts and rule patterns as compiled at build (`npm run build`), stored by the SHA-256 of the
 * language's concepts: compiling them was about a tenth of a cold start. Concepts edited since the build have
 * another digest and are compiled as usual, and so is a pattern the build did not see (an edited rule), so a
 * mounted or edited lexicon always applies.
 */
export interface CompiledLexiconCache {
  /** The concepts' table and the patterns compiled with it at build, or undefined when these concepts were not. */
  lookup(concepts: Record<string, string[]>): { table: ConceptTable; patterns: ReadonlyMap<string, CompiledPattern> } | undefined;
}

/** Next to the compiled code (dist/safety/compiled-lexicon.json); running from src/ there is none, and all is compiled. */
export const BUILT_COMPILED_LEXICON = new URL('./compiled-lexicon.json', import.meta.url);
const VERSION = 1;

type Entry = { table: [string, Node[][]][]; patterns: [string, CompiledPattern][] };

const EMPTY: CompiledLexiconCache = { lookup: () => undefined };
let built: CompiledLexiconCache | undefined;

/** The build's cache, read once; none (never an error) if it is missing or unreadable. */
export function builtCompiledLexicon(): CompiledLexiconCache {
  return (built ??= readCompiledLexicon(BUILT_COMPILED_LEXICON));
}

export function readCompiledLexicon(path: string | URL): CompiledLexiconCache {
  let entries: Record<string, string>;
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown; entries?: Record<string, string> };
    if (stored.version !== VERSION || typeof stored.entries !== 'object' || stored.entries === null) return EMPTY;
    entries = stored.entries;
  } catch {
    return EMPTY;
  }
  return {
    lookup(concepts) {
      const key = digestOf(concepts);
      if (!Object.hasOwn(entries, key)) return undefined;
      // Each entry stays a JSON text until it is used, so every reader gets its own objects.
      const entry = JSON.parse(entries[key]!) as Entry;
      return { table: new Map(entry.table), patterns: new Map(entry.patterns) };
    },
  };
}

/** Write the cache for these languages, as the loader compiled them (load-safety-lexicon.ts). */
export function writeCompiledLexicon(path: string | URL, languages: readonly { concepts: Record<string, string[]>; table: ConceptTable; patterns: ReadonlyMap<string, CompiledPattern> }[]): void {
  const entries: Record<string, string> = {};
  for (const { concepts, table, patterns } of languages) entries[digestOf(concepts)] = JSON.stringify({ table: [...table], patterns: [...patterns] } satisfies Entry);
  writeFileSync(path, JSON.stringify({ version: VERSION, entries }));
}

function digestOf(concepts: Record<string, string[]>): string {
  return createHash('sha256').update(JSON.stringify(concepts)).digest('base64url');
}
