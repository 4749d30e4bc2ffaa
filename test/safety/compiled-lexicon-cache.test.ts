import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCompiledLexicon, writeCompiledLexicon } from '../../src/safety/compiled-lexicon-cache.js';
import { loadScreenLanguages } from '../../src/safety/load-safety-lexicon.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-compiled-lexicon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the safety lexicon compiled at build', () => {
  const languages = loadScreenLanguages();
  const cacheFile = join(dir, 'compiled-lexicon.cache');
  writeCompiledLexicon(cacheFile, languages);
  const cache = readCompiledLexicon(cacheFile);

  it('gives back each language exactly as the loader compiles it', () => {
    for (const { concepts, table, patterns } of languages) expect(cache.lookup(concepts)).toEqual({ table, patterns });
  });

  it('has nothing for edited concepts, which are then compiled at start', () => {
    const [{ concepts }] = languages as [(typeof languages)[0]];
    const [name, wordings] = Object.entries(concepts)[0]!;
    expect(cache.lookup({ ...concepts, [name]: [...wordings, 'an edited wording'] })).toBeUndefined();
  });

  it('compiles the table again from the concepts when its part of the file is damaged, and still reads the patterns', () => {
    const damaged = join(dir, 'damaged.cache');
    writeCompiledLexicon(damaged, languages);
    const bytes = readFileSync(damaged);
    // A word of the first language's table (its concept step_parent) is changed; the file keeps its length.
    const at = bytes.indexOf('"step"', bytes.indexOf('["step_parent",'));
    expect(at).toBeGreaterThan(0);
    bytes.write('"stap"', at);
    writeFileSync(damaged, bytes);
    const { concepts, table, patterns } = languages[0]!;
    expect(readCompiledLexicon(damaged).lookup(concepts)).toEqual({ table, patterns });
  });

  it('is none, never an error, when the file is missing, unreadable or of another version', () => {
    const { concepts } = languages[0]!;
    expect(readCompiledLexicon(join(dir, 'missing.json')).lookup(concepts)).toBeUndefined();
    writeFileSync(join(dir, 'broken.json'), '{');
    expect(readCompiledLexicon(join(dir, 'broken.json')).lookup(concepts)).toBeUndefined();
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ version: 0, entries: {} }));
    expect(readCompiledLexicon(join(dir, 'old.json')).lookup(concepts)).toBeUndefined();
  });
});
