import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { ParsedYaml } from './yaml-file.js';

/**
 * The YAML files shipped with a build, parsed at build (`npm run build`) and stored by the SHA-256 of each file's
 * bytes: parsing flows, content and the safety lexicon was most of a cold start. A file edited since the build
 * has another digest, is not found, and is parsed as usual, so comms edits (a mounted content folder) still apply.
 */
export interface YamlParseCache {
  /** The file as it was parsed at build, or undefined when these bytes were not. A fresh copy each call. */
  lookup(raw: Buffer): ParsedYaml | undefined;
}

/** Next to the compiled code (dist/yaml-parse-cache.json); running from src/ there is none, and every file is parsed. */
export const BUILT_YAML_PARSE_CACHE = new URL('../yaml-parse-cache.json', import.meta.url);
const VERSION = 1;

const EMPTY: YamlParseCache = { lookup: () => undefined };
let built: YamlParseCache | undefined;

/** The build's cache, read once; none (never an error) if it is missing or unreadable. */
export function builtYamlParseCache(): YamlParseCache {
  return (built ??= readYamlParseCache(BUILT_YAML_PARSE_CACHE));
}

export function readYamlParseCache(path: string | URL): YamlParseCache {
  let entries: Record<string, string>;
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown; entries?: Record<string, string> };
    if (stored.version !== VERSION || typeof stored.entries !== 'object' || stored.entries === null) return EMPTY;
    entries = stored.entries;
  } catch {
    return EMPTY;
  }
  return {
    lookup(raw) {
      const key = digestOf(raw);
      // Each entry stays a JSON text until it is used, so every reader gets its own objects.
      return Object.hasOwn(entries, key) ? (JSON.parse(entries[key]!) as ParsedYaml) : undefined;
    },
  };
}

/**
 * Write the cache for these files, parsed by `parse` (the loaders' own parser). Files with mistakes are left out
 * (their readers must report them), and so is anything JSON would not give back exactly (such as .inf).
 */
export function writeYamlParseCache(path: string | URL, files: readonly string[], parse: (raw: Buffer) => { parsed: ParsedYaml } | { problem: unknown }): { cached: number; skipped: string[] } {
  const entries: Record<string, string> = {};
  const skipped: string[] = [];
  for (const file of files) {
    const raw = readFileSync(file);
    const read = parse(raw);
    const text = 'parsed' in read ? JSON.stringify(read.parsed) : undefined;
    if ('parsed' in read && isDeepStrictEqual(JSON.parse(text!), read.parsed)) entries[digestOf(raw)] = text!;
    else skipped.push(file);
  }
  writeFileSync(path, JSON.stringify({ version: VERSION, entries }));
  return { cached: Object.keys(entries).length, skipped };
}

function digestOf(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('base64url');
}
