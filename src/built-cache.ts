import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Something a start would compute from shipped files, computed at build (`npm run build`) and stored by the SHA-256
 * of its input as JSON: a start with the same input reads the result instead of computing it. Input edited since
 * the build (a mounted or edited file) has another digest, is not found, and is computed as usual.
 */
export interface BuiltCache<T> {
  /** The value computed at build from this input, or undefined when it was not. A fresh copy each call. */
  lookup(input: unknown): T | undefined;
}

const EMPTY: BuiltCache<never> = { lookup: () => undefined };

/** The cache in this file; none (never an error) if it is missing, unreadable or of another version. */
export function readBuiltCache<T>(path: string | URL, version: number): BuiltCache<T> {
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
      const key = digestOf(input);
      // Each entry stays a JSON text until it is used, so every reader gets its own objects.
      return Object.hasOwn(entries, key) ? (JSON.parse(entries[key]!) as T) : undefined;
    },
  };
}

/** Write each input's value, by the input's digest. */
export function writeBuiltCache<T>(path: string | URL, version: number, entries: readonly { input: unknown; value: T }[]): void {
  const stored: Record<string, string> = {};
  for (const { input, value } of entries) stored[digestOf(input)] = JSON.stringify(value);
  writeFileSync(path, JSON.stringify({ version, entries: stored }));
}

function digestOf(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url');
}
