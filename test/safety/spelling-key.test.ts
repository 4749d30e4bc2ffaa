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

  it('is off for a language without a spelling key', () => {
    expect(createRespeller(undefined, vocabulary)).toBeUndefined();
  });
});
