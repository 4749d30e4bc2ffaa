import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { type BuiltCache, bytesDigest, readBuiltCache, writeBuiltCache } from '../built-cache.js';
import type { ParsedYaml } from './yaml-file.js';

/**
 * The YAML files shipped with a build, parsed at build (`npm run build`) and stored by the SHA-256 of each file's
 * bytes: parsing flows, content and the safety lexicon was most of a cold start. A file edited since the build
 * has another digest, is not found, and is parsed as usual, so comms edits (a mounted content folder) still apply.
 */
export type YamlParseCache = BuiltCache<ParsedYaml, Buffer>;

/** Next to the compiled code (dist/yaml-parse.cache); running from src/ there is none, and every file is parsed. */
export const BUILT_YAML_PARSE_CACHE = new URL('../yaml-parse.cache', import.meta.url);
const VERSION = 2;

let built: YamlParseCache | undefined;

/** The build's cache, read once; none (never an error) if it is missing or unreadable. */
export function builtYamlParseCache(): YamlParseCache {
  return (built ??= readYamlParseCache(BUILT_YAML_PARSE_CACHE));
}

export function readYamlParseCache(path: string | URL): YamlParseCache {
  return readBuiltCache<ParsedYaml, Buffer>(path, VERSION, bytesDigest);
}

/**
 * Write the cache for these files, parsed by `parse` (the loaders' own parser). Files with mistakes are left out
 * (their readers must report them), and so is anything JSON would not give back exactly (such as .inf).
 */
export function writeYamlParseCache(path: string | URL, files: readonly string[], parse: (raw: Buffer) => { parsed: ParsedYaml } | { problem: unknown }): { cached: number; skipped: string[] } {
  const entries: { input: Buffer; value: ParsedYaml }[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const raw = readFileSync(file);
    const read = parse(raw);
    if ('parsed' in read && isDeepStrictEqual(JSON.parse(JSON.stringify(read.parsed)), read.parsed)) entries.push({ input: raw, value: read.parsed });
    else skipped.push(file);
  }
  writeBuiltCache(path, VERSION, entries, bytesDigest);
  return { cached: entries.length, skipped };
}
