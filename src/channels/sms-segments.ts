import { gsm7Length, gsm7SeptetsAt } from './gsm7.js';

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

const SURROGATE = /[\ud800-\udfff]/;

/** Characters as billed: GSM-7 septets, or UCS-2 code units when any character needs UCS-2. */
export function smsCharacters(text: string): number {
  const septets = gsm7Length(text);
  return septets >= 0 ? septets : text.length;
}

/** Segments as carriers count them; an empty text is 0 segments. */
export function countSmsSegments(text: string): SmsSegments {
  const septets = gsm7Length(text);
  const encoding: SmsEncoding = septets >= 0 ? 'GSM-7' : 'UCS-2';
  const characters = septets >= 0 ? septets : text.length;
  const limit = LIMITS[encoding];
  if (characters <= limit.single) return { encoding, segments: characters === 0 ? 0 : 1, characters };
  // No escape or surrogate pairs, so nothing can straddle a boundary: segments simply fill up.
  const noPairs = encoding === 'GSM-7' ? characters === text.length : !SURROGATE.test(text);
  if (noPairs) return { encoding, segments: Math.ceil(characters / limit.multi), characters };
  // Fill segments unit by unit: an escape pair or a surrogate pair never straddles two segments.
  let segments = 1;
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const length = encoding === 'GSM-7' ? gsm7SeptetsAt(text, i) : isSurrogatePair(text, i) ? 2 : 1;
    if (used + length > limit.multi) {
      segments += 1;
      used = 0;
    }
    used += length;
    if (length === 2 && encoding === 'UCS-2') i += 1;
  }
  return { encoding, segments, characters };
}

function isSurrogatePair(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}
