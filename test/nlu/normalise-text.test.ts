import { describe, expect, it } from 'vitest';
import { cleanByParts, cleanByRegex, cleanByTable, normaliseText, TABLE_CHARACTERS, wordsOf } from '../../src/nlu/normalise-text.js';
import { readCorpus } from '../../src/safety/corpus.js';
import { seededRandom } from '../../src/seeded-random.js';

// normaliseText cleans most messages by a table of characters, others by regexes: both must give the same words.
const same = (text: string, clauses: boolean) => {
  const byTable = cleanByTable(text, clauses);
  return byTable === null || wordsOf(byTable) === wordsOf(cleanByRegex(text, clauses));
};

describe('normaliseText by table and by regexes', () => {
  it('reads the characters most messages are made of, but not emoji or other scripts', () => {
    for (const c of ['a', 'Z', 'ą', 'Ł', 'é', 'ß', '’', '…', '—', '1', '!', '\n']) expect(TABLE_CHARACTERS, c).toContain(c);
    for (const c of ['💊', '©', 'д', 'ش', '\u0301']) expect(TABLE_CHARACTERS, c).not.toContain(c);
    expect(cleanByTable('I want to die 💊', false)).toBeNull();
  });

  it('gives the same words for every pair of table characters, in sentences and clauses', () => {
    const differing: string[] = [];
    for (const a of TABLE_CHARACTERS) for (const b of TABLE_CHARACTERS) if (!same(a + b, true)) differing.push(JSON.stringify(a + b));
    for (const a of TABLE_CHARACTERS) if (!same(a, false) || !same(`${a}${a}${a}x`, false)) differing.push(JSON.stringify(a));
    expect(differing.slice(0, 20)).toEqual([]);
  });

  it('gives the same words on every corpus line and on random strings of table characters', () => {
    const rnd = seededRandom(7);
    const random = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => TABLE_CHARACTERS[Math.floor(rnd() * TABLE_CHARACTERS.length)]).join(''));
    const lines = [...readCorpus('test/safety/corpus', 'training'), ...readCorpus('test/safety/corpus', 'ordinary')].map((m) => m.text);
    const texts = [...random, ...lines];
    expect(texts.filter((t) => !same(t, true) || !same(t, false)).slice(0, 20)).toEqual([]);
    expect(lines.filter((t) => cleanByTable(t, true) !== null).length).toBeGreaterThan(lines.length / 2);
  });

  it('gives the same words a part at a time (between spaces) as by the regexes over the whole text', () => {
    const rnd = seededRandom(11);
    const others = ['💊', '😂', '❤️', '👍🏽', 'ش', 'ی', 'ك', 'ئ', '\u0301', '\u0308', 'Σ', 'σ', 'д', '中', '\u200b', '\ufeff', 'ﬁ', '①', 'İ', 'ǅ'];
    const spaces = [' ', '  ', '\t', '\u00a0', '\u2003', '\u3000', '\n', '\r\n', ' \n '];
    const pick = <T,>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const random = Array.from({ length: 3000 }, () =>
      Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => (rnd() < 0.25 ? pick(spaces) : rnd() < 0.3 ? pick(others) : pick(TABLE_CHARACTERS))).join(''),
    );
    const lines = [...readCorpus('test/safety/corpus', 'training'), ...readCorpus('test/safety/corpus', 'ordinary')].map((m) => m.text);
    const texts = [...random, ...lines, ...lines.map((line, i) => `${line}${pick(spaces)}${lines[(i * 7) % lines.length]}`)];
    const differing = texts.filter((t) => [true, false].some((clauses) => wordsOf(cleanByParts(t, clauses)) !== wordsOf(cleanByRegex(t, clauses))));
    expect(differing.slice(0, 20).map((t) => JSON.stringify(t))).toEqual([]);
  });

  it('cuts stretched letters to two, whichever way', () => {
    expect(normaliseText('sooooo tired')).toBe('soo tired');
    expect(normaliseText('sooooo tired 🙂')).toBe('soo tired 🙂');
    expect(normaliseText('I’M FINE… really!!', { clauses: true })).toBe('i am fine | really');
  });
});
