import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Something a start would compute from shipped files, computed at build (`npm run build`) and stored by the SHA-256
 * of its input as JSON: a start with the same input reads the result instead of computing it. Input edited since
 * the build (a mounted or edited file) has another digest, is not found, and is computed as usual.
 */
export interface BuiltCache<T, Input = unknown> {
  /** The value computed at build from this input, or undefined when it was not. A fresh copy each call. */
  lookup(input: Input): T | undefined;
}

/** How an input is found in the cache: a digest of it. */
export type CacheKey<Input> = (input: Input) => string;

/** The digest of an input as JSON (compiled phrases, the compiled lexicon). */
export const jsonDigest: CacheKey<unknown> = (input) => sha256(JSON.stringify(input));
/** The digest of a file's bytes (parsed YAML). */
export const bytesDigest: CacheKey<Buffer> = (raw) => sha256(raw);

const EMPTY: BuiltCache<never, never> = { lookup: () => undefined };

/** The cache in this file; none (never an error) if it is missing, unreadable or of another version. */
export function readBuiltCache<T, Input = unknown>(path: string | URL, version: number, keyOf: CacheKey<Input> = jsonDigest): BuiltCache<T, Input> {
  let entries: Record<string, string>;
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown; entries?: Record<string, string> };
    if (stored.version !== version || typeof stored.entries !== 'object' || stored.entries === null) return EMPTY;
    entries = stored.entries;
  } catch {
    return EMPTY;
  }
  return {
    lookup(input) {
      const key = keyOf(input);
      // Each entry stays a JSON text until it is used, so every reader gets its own objects.
      return Object.hasOwn(entries, key) ? (JSON.parse(entries[key]!) as T) : undefined;
    },
  };
}

/** Write each input's value, by the input's digest. */
export function writeBuiltCache<T, Input = unknown>(path: string | URL, version: number, entries: readonly { input: Input; value: T }[], keyOf: CacheKey<Input> = jsonDigest): void {
  const stored: Record<string, string> = {};
  for (const { input, value } of entries) stored[keyOf(input)] = JSON.stringify(value);
  writeFileSync(path, JSON.stringify({ version, entries: stored }));
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64url');
}
