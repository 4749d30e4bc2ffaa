import { describe, expect, it } from 'vitest';
import { splitLongText } from '../../src/channels/split-long-text.js';

describe('splitLongText', () => {
  it('leaves short text whole', () => {
    expect(splitLongText('  One sentence.  ', 50)).toEqual(['One sentence.']);
    expect(splitLongText('', 50)).toEqual([]);
  });

  it('cuts at sentence ends, packing as many whole sentences as fit', () => {
    const text = 'First one here. Second one here! Third one here? Fourth.';
    expect(splitLongText(text, 33)).toEqual(['First one here. Second one here!', 'Third one here? Fourth.']);
  });

  it('treats a line break as a boundary and keeps inner line breaks', () => {
    expect(splitLongText('Pick one:\n\n1. Walks\n2. Coffee mornings', 18)).toEqual(['Pick one:', '1. Walks', '2. Coffee mornings']);
    expect(splitLongText('Pick one:\n1. Walks', 40)).toEqual(['Pick one:\n1. Walks']);
  });

  it('falls back to word boundaries for a sentence longer than the limit', () => {
    expect(splitLongText('one two three four five six. End.', 14)).toEqual(['one two three', 'four five six.', 'End.']);
  });

  it('cuts inside a word only when the word alone is too long, never inside an emoji', () => {
    expect(splitLongText('see https://example.org/very/long/path now', 12)).toEqual(['see', 'https://exam', 'ple.org/very', '/long/path', 'now']);
    const parts = splitLongText('😀😀😀😀😀', 3);
    expect(parts).toEqual(['😀', '😀', '😀', '😀', '😀']);
  });

  it('splits 2,000 characters into ordered pieces that each end a sentence', () => {
    const sentences = Array.from({ length: 46 }, (_, i) => `Sentence ${String(i).padStart(2, '0')} is about local groups and help.`);
    const text = sentences.join(' ');
    expect(text.length).toBeGreaterThan(2_000);
    const pieces = splitLongText(text, 459);
    expect(pieces.length).toBe(Math.ceil(text.length / 459));
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(459);
      expect(piece).toMatch(/^Sentence \d\d .*help\.$/);
    }
    expect(pieces.join(' ')).toBe(text);
  });

  it('measures with the given function', () => {
    const septets = (t: string) => [...t].reduce((n, c) => n + (c === '€' ? 2 : 1), 0);
    expect(splitLongText('€€€ €€€', 6, septets)).toEqual(['€€€', '€€€']);
  });

  it('refuses a limit below one', () => {
    expect(() => splitLongText('x', 0)).toThrow(RangeError);
  });
});

describe('splitLongText with numbered options', () => {
  it('never parts an option from its number', () => {
    expect(splitLongText('Choose:\n1. Walks in the park\n2. Coffee', 20)).toEqual(['Choose:', '1. Walks in the park', '2. Coffee']);
  });
});
