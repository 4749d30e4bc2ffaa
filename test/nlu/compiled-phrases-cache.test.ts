import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCompiledPhrases, writeCompiledPhrases } from '../../src/nlu/compiled-phrases-cache.js';
import { compilePhrases } from '../../src/nlu/keyword-classifier.js';
import { loadIntents } from '../../src/nlu/load-intents.js';
import { REPO_ROOT } from '../support/test-bot.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-compiled-phrases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the keyword classifier's phrases compiled at build", () => {
  const locales = [...loadIntents(REPO_ROOT)].map(([locale, file]) => ({ locale, file, phrases: compilePhrases(locale, file) }));
  const cacheFile = join(dir, 'compiled-phrases.cache');
  writeCompiledPhrases(cacheFile, locales);
  const cache = readCompiledPhrases(cacheFile);

  it('gives back each locale exactly as the classifier compiles it', () => {
    expect(locales.length).toBeGreaterThan(1);
    for (const { locale, file, phrases } of locales) expect(cache.lookup(locale, file)).toEqual(phrases);
  });

  it('has nothing for an edited intents file, or for the same file under another locale', () => {
    const [{ locale, file }] = locales as [(typeof locales)[0]];
    expect(cache.lookup(locale, { ...file, _spellings: { ...file._spellings, edited: ['edit'] } })).toBeUndefined();
    expect(cache.lookup('xx', file)).toBeUndefined();
  });
});

describe('a damaged compiled-phrases file', () => {
  it('is not trusted: the phrases are compiled at start instead', () => {
    const [[locale, file]] = [...loadIntents(REPO_ROOT)] as [[string, Parameters<typeof compilePhrases>[1]]];
    const cacheFile = join(dir, 'damaged.cache');
    writeCompiledPhrases(cacheFile, [{ locale, file, phrases: compilePhrases(locale, file) }]);
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    writeFileSync(cacheFile, bytes);
    expect(readCompiledPhrases(cacheFile).lookup(locale, file)).toBeUndefined();
  });
});
