import { describe, expect, it } from 'vitest';
import { isGsm7, normaliseGsm7 } from '../../src/channels/gsm7.js';
import { countSmsSegments } from '../../src/channels/sms-segments.js';

describe('normaliseGsm7', () => {
  it('replaces typographic look-alikes with their GSM-7 twins', () => {
    expect(normaliseGsm7('It’s “open” 10–12 — bring tea… • cake')).toBe('It\'s "open" 10-12 - bring tea... - cake');
    expect(normaliseGsm7('Mon\u00a0to\u202fFri\u2009only\u200b')).toBe('Mon to Fri only');
  });

  it('keeps real non-GSM text: emoji, Polish, Urdu', () => {
    for (const text of ['Hi 👋', 'Zażółć gęślą jaźń', 'آپ کیسے ہیں؟']) expect(normaliseGsm7(text)).toBe(text);
  });

  it('turns one curly apostrophe in plain English back into a 1-segment GSM-7 SMS', () => {
    const text = 'We’re here Monday to Friday. Reply 1 for groups near you or 2 for a call back.';
    expect(countSmsSegments(text)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(countSmsSegments(normaliseGsm7(text))).toEqual({ encoding: 'GSM-7', segments: 1, characters: text.length });
  });
});

describe('isGsm7', () => {
  it('accepts the GSM alphabet and its extension table', () => {
    expect(isGsm7('Café £5 @ 10:30! Ça va? ÄÖÑÜ§¿')).toBe(true);
    expect(isGsm7('{[~]} | ^ € \\')).toBe(true);
  });

  it('rejects what GSM-7 cannot carry', () => {
    for (const text of ['’', '👍', 'ł', 'ç', 'ہ', '`']) expect(isGsm7(text)).toBe(false);
  });
});

describe('countSmsSegments', () => {
  it('fits 160 GSM-7 characters in one segment and 161 in two', () => {
    expect(countSmsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, characters: 160 });
    expect(countSmsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, characters: 161 });
    expect(countSmsSegments('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(countSmsSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts extension characters twice and never splits one across segments', () => {
    expect(countSmsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, characters: 160 });
    expect(countSmsSegments('€'.repeat(81))).toMatchObject({ segments: 2, characters: 162 });
    // 152 septets then '€': it cannot take the 153rd septet alone, so it opens segment 2.
    expect(countSmsSegments('a'.repeat(152) + '€' + 'a'.repeat(152))).toMatchObject({ segments: 3, characters: 306 });
    expect(countSmsSegments('a'.repeat(151) + '€' + 'a'.repeat(153))).toMatchObject({ segments: 2, characters: 306 });
  });

  it('switches to UCS-2 for emoji: 70 single, 67 per segment, emoji are two code units', () => {
    expect(countSmsSegments('Hello 👋')).toEqual({ encoding: 'UCS-2', segments: 1, characters: 8 });
    expect(countSmsSegments('a'.repeat(69) + 'ł')).toMatchObject({ segments: 1, characters: 70 });
    expect(countSmsSegments('a'.repeat(70) + 'ł')).toMatchObject({ segments: 2, characters: 71 });
    // 66 units then an emoji: the surrogate pair moves whole to segment 2.
    expect(countSmsSegments('ł'.repeat(66) + '😀' + 'ł'.repeat(66))).toMatchObject({ segments: 3, characters: 134 });
    expect(countSmsSegments('ł'.repeat(65) + '😀' + 'ł'.repeat(67))).toMatchObject({ segments: 2, characters: 134 });
  });

  it('counts Polish and Urdu text in UCS-2', () => {
    expect(countSmsSegments('Dzień dobry! Jak się masz?')).toEqual({ encoding: 'UCS-2', segments: 1, characters: 26 });
    const urdu = 'السلام علیکم، ہم آپ کی مدد کے لیے یہاں ہیں۔ براہ کرم جواب دیں: ایک یا دو۔';
    expect(countSmsSegments(urdu)).toEqual({ encoding: 'UCS-2', segments: 2, characters: urdu.length });
  });

  it('counts an empty text as no segment', () => {
    expect(countSmsSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, characters: 0 });
  });
});
