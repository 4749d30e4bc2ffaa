import { gsm7Length, gsm7Septets, isGsm7 } from './gsm7.js';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  segments: number;
  /** Length as billed: GSM-7 septets (extension characters count 2) or UCS-2 UTF-16 code units. */
  characters: number;
}

/** Per-segment capacity: the rest of a concatenated segment's 140 bytes carries the reassembly header. */
const LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const;

/** Length of one character (code point) in the given encoding. */
export function encodedLength(char: string, encoding: SmsEncoding): number {
  return encoding === 'GSM-7' ? gsm7Septets(char) : char.length;
}

export function smsEncodingOf(text: string): SmsEncoding {
  return isGsm7(text) ? 'GSM-7' : 'UCS-2';
}

/** Characters as billed: GSM-7 septets, or UCS-2 code units when any character needs UCS-2. */
export function smsCharacters(text: string): number {
  return billedLength(text, smsEncodingOf(text));
}

function billedLength(text: string, encoding: SmsEncoding): number {
  return encoding === 'GSM-7' ? gsm7Length(text) : text.length;
}

/** Segments as carriers count them; an empty text is 0 segments. */
export function countSmsSegments(text: string): SmsSegments {
  const encoding = smsEncodingOf(text);
  const limit = LIMITS[encoding];
  const characters = billedLength(text, encoding);
  if (characters <= limit.single) return { encoding, segments: characters === 0 ? 0 : 1, characters };
  // Fill segments char by char: an escape pair or a surrogate pair never straddles two segments.
  let segments = 1;
  let used = 0;
  for (const char of text) {
    const length = encodedLength(char, encoding);
    if (used + length > limit.multi) {
      segments += 1;
      used = 0;
    }
    used += length;
  }
  return { encoding, segments, characters };
}
