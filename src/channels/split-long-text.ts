/** How long a piece of text is for the limit at hand (code units, GSM septets…). */
export type MeasureText = (text: string) => number;

const measureCodeUnits: MeasureText = (text) => text.length;

/**
 * Cut text into pieces of at most `maxChars` (as `measure` counts), in order, preferring to cut after a sentence
 * or a line, then between words; a word is only cut when it alone is longer than the limit, and then between
 * code points so no surrogate pair (emoji) is torn. Pieces are trimmed; inner line breaks are kept.
 */
export function splitLongText(text: string, maxChars: number, measure: MeasureText = measureCodeUnits): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError('maxChars must be a positive integer');
  // Most replies fit: measure once instead of once per sentence.
  const whole = text.trim();
  if (measure(whole) <= maxChars) return whole ? [whole] : [];
  const splitWord = (word: string) => splitCodePoints(word, maxChars, measure);
  const splitSentence = (sentence: string) => pack(wordsOf(sentence), maxChars, measure, splitWord);
  return pack(sentencesOf(text), maxChars, measure, splitSentence);
}

/**
 * After a line break or a sentence end, before the next word; but not after a list number ("1. Walks"),
 * which would part an option from its number.
 */
const SENTENCE_BOUNDARY = /(?<=\n\s*|[.!?]["'”’)\]]*\s+)(?<!(?:^|\n)[ \t]*\d{1,3}\.[ \t]+)(?=\S)/;

/** Sentences (or lines), each keeping the whitespace that follows it. */
function sentencesOf(text: string): string[] {
  return text.split(SENTENCE_BOUNDARY);
}

function wordsOf(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/);
}

/** Greedily fill pieces with whole units; a unit too long on its own is cut by `splitOversized`. */
function pack(units: string[], max: number, measure: MeasureText, splitOversized: (unit: string) => string[]): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const unit of units) {
    if (measure((current + unit).trim()) <= max) {
      current += unit;
      continue;
    }
    if (current.trim()) pieces.push(current.trim());
    if (measure(unit.trim()) <= max) {
      current = unit;
      continue;
    }
    const parts = splitOversized(unit.trim());
    pieces.push(...parts.slice(0, -1));
    // The last part may share a piece with what follows; keep the whitespace that separated them.
    current = (parts.at(-1) ?? '') + (/\s*$/.exec(unit)?.[0] ?? '');
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces;
}

function splitCodePoints(word: string, max: number, measure: MeasureText): string[] {
  const parts: string[] = [];
  let current = '';
  for (const char of word) {
    if (current && measure(current + char) > max) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  if (current) parts.push(current);
  return parts;
}
