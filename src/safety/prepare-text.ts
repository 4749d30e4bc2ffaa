import { normaliseWords } from '../nlu/normalise-text.js';

/**
 * The screen's first pass over a raw message, before any language's words are looked at. It undoes what hides a
 * word from a reader-matcher but not from a human reader: invisible characters, look-alike letters from other
 * scripts ("kіll" with a Cyrillic і), digits standing for letters ("k1ll", "d1e"), letters typed with spaces
 * ("k i l l"). Then normaliseText does the rest (case, accents, contractions, stretched letters, emoji as words).
 */

const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]/g;

/** Cyrillic and Greek letters that look like Latin ones (lowercase; the text is lowercased first). */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p',
  с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ɡ: 'g', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', ω: 'w',
};
const LOOK_ALIKE_RE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');

/** Digits and symbols typed for letters. Only inside a word ("k1ll", "su1c1de", "h4ng"), never in "10mg" or "3am". */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i' };
const LEET_RE = /(?<=\p{L})[013457@$!8]+(?=\p{L})|(?<=\p{L}{2})[013@$](?=\s|$)/gu;
/** Ends of sentences, Latin and Urdu (؟ ۔). */
const SENTENCE = /[.!?\u061f\u06d4\n\r]+(?=\s|$)|\n+|[\u061f\u06d4]+/;
const ONE_LETTER = /^\p{L}$/u;
const ASCII = /^[\0-\x7f]*$/;
/** What LEET_RE needs somewhere, without its lookbehinds: cheap to rule out ("help!" has no leet). */
const LEET_NEAR_LETTER = /\p{L}(?:[013457@$!8]+\p{L}|[013@$](?:\s|$))/u;

/** Raw message → sentences, each cleaned of disguises but not yet normalised (diacritics kept for language detection). */
export function splitSentences(raw: string): string[] {
  // Plain ASCII (most messages) has nothing for NFKC, the invisible characters or the look-alikes to change.
  const lower = ASCII.test(raw) ? raw.toLowerCase() : raw.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().replace(LOOK_ALIKE_RE, (c) => LOOK_ALIKES[c] ?? c);
  const cleaned = LEET_NEAR_LETTER.test(lower) ? lower.replace(LEET_RE, (s) => [...s].map((c) => LEET[c] ?? c).join('')) : lower;
  return cleaned.split(SENTENCE).filter((s) => s.trim());
}

/** One cleaned sentence → normalised words (with clause marks between commas' clauses), spaced letters joined. */
export function normaliseSentence(sentence: string): string[] {
  return joinSpacedLetters(normaliseWords(sentence, { clauses: true }));
}

/** "k i l l m y s e l f": a run of three or more single letters is one word typed with spaces. */
function joinSpacedLetters(words: string[]): string[] {
  if (!words.some(isLetter)) return words;
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let end = i;
    while (end < words.length && isLetter(words[end]!)) end++;
    if (end - i >= 3) out.push(words.slice(i, end).join(''));
    else for (let k = i; k < end; k++) out.push(words[k]!);
    if (end === i) out.push(words[end++]!);
    i = end;
  }
  return out;
}

const isLetter = (word: string) => word.length <= 2 && ONE_LETTER.test(word);
