import { describe, expect, it } from 'vitest';
import { createRespeller } from '../../src/safety/spelling-key.js';

const settings = { letters: { chh: 'ch', aa: 'a', ee: 'i', oo: 'u', w: 'v', q: 'k', 'ay$': 'e' }, vowels: 'aeiou', min_length: 4 };
const vocabulary = ['marna', 'zindagi', 'khatam', 'alvida', 'qabar', 'mujhe', 'chhuti', 'mar', 'maar', 'marne', 'maarne'];

describe('the spelling key (Roman Urdu written by ear)', () => {
  const respell = createRespeller(settings, vocabulary)!;

  it('reads a word spelt another way as the rules’ word', () => {
    expect(respell('marnaa')).toBe('marna');
    expect(respell('zindagee')).toBe('zindagi');
    expect(respell('alwida')).toBe('alvida');
    expect(respell('kabar')).toBe('qabar');
    expect(respell('mujhay')).toBe('mujhe');
  });

  it('reads a word typed without its inner vowels by its consonants', () => {
    expect(respell('mrna')).toBe('marna');
    expect(respell('zndgi')).toBe('zindagi');
    expect(respell('khtm')).toBe('khatam');
  });

  it('leaves alone known words, short words, other scripts, and words two rule words could be', () => {
    expect(respell('marna')).toBeUndefined();
    expect(respell('mra')).toBeUndefined();
    expect(respell('مرنا')).toBeUndefined();
    // "marne" and "maarne" share a key: another spelling of either is not guessed.
    expect(respell('marnay')).toBeUndefined();
    expect(respell('mrne')).toBeUndefined();
    // A doubled consonant is kept: "chutti" (a holiday) is not "chhuti".
    expect(respell('chutti')).toBeUndefined();
  });

  describe('short words typed without vowels ("kr", "lg", "hy")', () => {
    const short = { ...settings, letters: { ...settings.letters, y: 'i' }, short_dropped: 'a' };
    const words = ['kar', 'lag', 'leg', 'hai', 'hui', 'rahi', 'bas', 'bus', 'marna'];
    const concepts = new Map<string, Set<string>>([
      ['lag', new Set(['fire'])],
      ['leg', new Set(['self_harm'])],
      ['hai', new Set(['plan'])],
      ['hui', new Set(['passive'])],
    ]);
    const respellShort = createRespeller(short, words, (w) => concepts.get(w) ?? new Set())!;

    it('reads one as the rule word it is with the dropped vowel put back', () => {
      expect(respellShort('kr')).toBe('kar');
      expect(respellShort('lg')).toBe('lag');
      expect(respellShort('hy')).toBe('hai');
      expect(respellShort('rhi')).toBe('rahi');
      // "bas" and "bus" differ by "u", a vowel texts keep: "bs" is "bas".
      expect(respellShort('bs')).toBe('bas');
    });

    it('leaves alone short words with a vowel, and those no rule word fits', () => {
      expect(respellShort('ki')).toBeUndefined();
      expect(respellShort('mra')).toBeUndefined();
      expect(respellShort('ml')).toBeUndefined();
      expect(respellShort('k')).toBeUndefined();
    });

    it('is off without a dropped vowel', () => {
      expect(createRespeller(settings, words)!('kr')).toBeUndefined();
    });
  });

  describe('a rule word that is a short form of a wider one', () => {
    // "rha" is listed by one concept, "raha" by it and others: "rha" is read as "raha", so every rule sees it.
    const concepts = new Map<string, Set<string>>([
      ['rha', new Set(['sleeping_out'])],
      ['raha', new Set(['sleeping_out', 'danger'])],
      ['lagta', new Set(['accident'])],
      ['lagata', new Set(['touch'])],
    ]);
    const respellWide = createRespeller(settings, ['rha', 'raha', 'lagta', 'lagata'], (w) => concepts.get(w) ?? new Set())!;

    it('reads the short form as the wider word', () => {
      expect(respellWide('rha')).toBe('raha');
      expect(respellWide('raha')).toBeUndefined();
    });

    it('keeps apart words that mean different things', () => {
      expect(respellWide('lgta')).toBeUndefined();
      expect(respellWide('lagta')).toBeUndefined();
    });
  });

  it('is off for a language without a spelling key', () => {
    expect(createRespeller(undefined, vocabulary)).toBeUndefined();
  });

  describe('when several rule words share a key', () => {
    // "jeene" and "jine" are one word spelt two ways (the rules list them side by side); "marna" (to die) and
    // "maarna" (to hit) are two words that only look alike.
    const words = ['jeene', 'jine', 'marna', 'maarna', 'zindagi'];
    const concepts = new Map<string, Set<string>>([
      ['jeene', new Set(['no_point', 'not_want_live'])],
      ['jine', new Set(['no_point', 'not_want_live'])],
      ['marna', new Set(['die_verb'])],
      ['maarna', new Set(['hit'])],
    ]);
    const respellBy = createRespeller(settings, words, (w) => concepts.get(w) ?? new Set())!;

    it('respells a word when every rule word it could be means the same', () => {
      expect(respellBy('jeenay')).toBe('jeene');
      expect(respellBy('jinay')).toBe('jeene');
    });

    it('keeps real clashes apart: a word that could be "to die" or "to hit" is not guessed', () => {
      expect(respellBy('marnaa')).toBeUndefined();
      expect(respellBy('maarnaa')).toBeUndefined();
      expect(respellBy('mrna')).toBeUndefined();
    });

    it('takes words no concept lists as meaning only themselves', () => {
      const bare = createRespeller(settings, ['jeene', 'jine'])!;
      expect(bare('jeenay')).toBeUndefined();
    });
  });
});
