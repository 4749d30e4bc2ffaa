import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBuiltCache, writeBuiltCache } from '../src/built-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-built-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VERSION = 3;
const entries = [
  { input: { file: 'a' }, value: { words: ['volunteer', 'garden'], count: 2 } },
  { input: { file: 'b' }, value: { words: ['walk'], count: 1 } },
];
const write = (name: string) => {
  const path = join(dir, name);
  writeBuiltCache(path, VERSION, entries);
  return path;
};

describe('a cache computed at build', () => {
  it('gives each input its value, a fresh copy each time, and nothing for an input it was not built from', () => {
    const cache = readBuiltCache(write('good.cache'), VERSION);
    expect(cache.lookup({ file: 'a' })).toEqual(entries[0]!.value);
    expect(cache.lookup({ file: 'b' })).toEqual(entries[1]!.value);
    expect(cache.lookup({ file: 'a' })).not.toBe(cache.lookup({ file: 'a' }));
    expect(cache.lookup({ file: 'a, edited' })).toBeUndefined();
  });

  it('is not trusted when a value was damaged: that input is computed as usual, the others still read', () => {
    const path = write('damaged.cache');
    const bytes = readFileSync(path);
    // 'garden' → 'gardem': still JSON, still the right length, the wrong word.
    const at = bytes.lastIndexOf('garden');
    bytes[at + 5] = 'm'.charCodeAt(0);
    writeFileSync(path, bytes);
    const cache = readBuiltCache(path, VERSION);
    expect(cache.lookup({ file: 'a' })).toBeUndefined();
    expect(cache.lookup({ file: 'b' })).toEqual(entries[1]!.value);
  });

  it('is none, never an error, when cut short, missing, not a cache, or of another version', () => {
    const path = write('short.cache');
    writeFileSync(path, readFileSync(path).subarray(0, -3));
    expect(readBuiltCache(path, VERSION).lookup({ file: 'b' })).toBeUndefined();
    expect(readBuiltCache(join(dir, 'missing.cache'), VERSION).lookup({ file: 'a' })).toBeUndefined();
    writeFileSync(join(dir, 'json.cache'), JSON.stringify({ version: VERSION, entries: {} }));
    expect(readBuiltCache(join(dir, 'json.cache'), VERSION).lookup({ file: 'a' })).toBeUndefined();
    writeFileSync(join(dir, 'tiny.cache'), '{');
    expect(readBuiltCache(join(dir, 'tiny.cache'), VERSION).lookup({ file: 'a' })).toBeUndefined();
    expect(readBuiltCache(write('old.cache'), VERSION + 1).lookup({ file: 'a' })).toBeUndefined();
  });
});
