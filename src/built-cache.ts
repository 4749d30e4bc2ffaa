import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Something a start would compute from shipped files, computed at build (`npm run build`) and stored by the SHA-256
 * of its input: a start with the same input reads the result instead of computing it. Input edited since the build
 * (a mounted or edited file) has another digest, is not found, and is computed as usual.
 *
 * The file: a 4-byte length, a JSON index (version; per input digest, where its value's JSON lies and the digest
 * of those bytes), then the values' JSON end to end. A start parses the small index, then only the values it looks
 * up, each once (a value as a JSON string inside the index would be parsed twice, and every value at once). A value
 * whose bytes do not match their digest (a damaged file) is not found, and is computed as usual: never trusted.
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

/** Where one value's JSON lies in the body: [offset, length, SHA-256 of those bytes]. */
type Slot = [number, number, string];
type Index = { version: number; entries: Record<string, Slot> };

/** The cache in this file; none (never an error) if it is missing, unreadable or of another version. */
export function readBuiltCache<T, Input = unknown>(path: string | URL, version: number, keyOf: CacheKey<Input> = jsonDigest): BuiltCache<T, Input> {
  let index: Index;
  let body: Buffer;
  try {
    const file = readFileSync(path);
    const length = file.readUInt32LE(0);
    index = JSON.parse(file.toString('utf8', 4, 4 + length)) as Index;
    if (index.version !== version || typeof index.entries !== 'object' || index.entries === null) return EMPTY;
    body = file.subarray(4 + length);
  } catch {
    return EMPTY;
  }
  return {
    lookup(input) {
      const key = keyOf(input);
      if (!Object.hasOwn(index.entries, key)) return undefined;
      const [offset, length, digest] = index.entries[key]!;
      const bytes = body.subarray(offset, offset + length);
      if (bytes.length !== length || sha256(bytes) !== digest) return undefined;
      try {
        // Parsed at each lookup, so every reader gets its own objects.
        return JSON.parse(bytes.toString('utf8')) as T;
      } catch {
        return undefined;
      }
    },
  };
}

/** Write each input's value, by the input's digest. */
export function writeBuiltCache<T, Input = unknown>(path: string | URL, version: number, entries: readonly { input: Input; value: T }[], keyOf: CacheKey<Input> = jsonDigest): void {
  const index: Index = { version, entries: {} };
  const values: Buffer[] = [];
  let offset = 0;
  for (const { input, value } of entries) {
    const bytes = Buffer.from(JSON.stringify(value));
    index.entries[keyOf(input)] = [offset, bytes.length, sha256(bytes)];
    values.push(bytes);
    offset += bytes.length;
  }
  const header = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  writeFileSync(path, Buffer.concat([length, header, ...values]));
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64url');
}
