/**
 * One normaliser for everything that reads free text (the safety screen and intent matching), so a phrase
 * written in a lexicon or intents file is compared in exactly the form a resident's message is.
 *
 * Output: lowercase words separated by single spaces, accents removed (Polish is often texted without them),
 * apostrophes dropped and common contractions spelled out ("don’t" → "do not"), letters repeated 3+ times cut to
 * two ("sooo" → "soo"), emoji kept as words of their own (💊 can be a risk word), other symbols removed.
 */

/** Stands between clauses when `clauses` is set, so a negation or a gap never reaches across a sentence. */
export const CLAUSE_MARK = '|';

/** A contraction → the words it is spelled out as. */
function spelledOut(table: Record<string, string>): Map<string, string[]> {
  return new Map(Object.entries(table).map(([from, to]) => [from, to.split(' ')]));
}

/** Contractions written with or without the apostrophe; spelled out so "cant", "can't" and "cannot" agree. */
const CONTRACTIONS = spelledOut({
  dont: 'do not', doesnt: 'does not', didnt: 'did not', cant: 'can not', cannot: 'can not', couldnt: 'could not',
  wouldnt: 'would not', shouldnt: 'should not', isnt: 'is not', arent: 'are not', wasnt: 'was not',
  werent: 'were not', havent: 'have not', hasnt: 'has not', hadnt: 'had not', aint: 'am not', mustnt: 'must not',
  neednt: 'need not', wont: 'will not', im: 'i am', ive: 'i have', youre: 'you are', theyre: 'they are', thats: 'that is',
  whats: 'what is', wanna: 'want to', gonna: 'going to', gotta: 'got to', dunno: 'do not know',
});
/** Contractions that are other words without their apostrophe ("ill", "well", "id", "hes"): only with one. */
const APOSTROPHE_ONLY = spelledOut({
  "i'll": 'i will', "we'll": 'we will', "he'll": 'he will', "she'll": 'she will',
  "they'll": 'they will', "you'll": 'you will', "i'd": 'i would', "we'd": 'we would', "they'd": 'they would',
  "he's": 'he is', "she's": 'she is', "it's": 'it is', "let's": 'let us', "we're": 'we are',
});

const MARKS = /\p{M}+/gu;
const EMOJI = /(\p{Extended_Pictographic})/gu;
/** Latin and Arabic-script punctuation (Urdu ، ؛ ؟ ۔). */
const SEPARATOR = /[.,;:!?\n\r\u060c\u061b\u061f\u06d4]+/g;
const NOT_WORD = /[^\p{L}\p{N}\p{Extended_Pictographic}'|\s]+/gu;
const REPEATS = /(\p{L})\1{2,}/gu;
const SPACES = /\s+/;
/** Spaces where a text may be cleaned in parts: not line breaks (separators), nor U+FEFF (a lowercase Σ sees past it). */
const SPACES_NOT_BREAKS = /[^\S\n\r\ufeff]+/;
/** Letters NFD does not split into base + accent. */
const UNSPLIT: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe' };
/**
 * Arabic-keyboard forms of Urdu letters, and what NFD leaves of hamza letters (ئ → ي), written as the Urdu
 * letters: "کوئی" typed on either keyboard reads the same.
 */
const URDU_FORMS: Record<string, string> = { 'ي': 'ی', 'ى': 'ی', 'ك': 'ک', 'ه': 'ہ', 'ە': 'ہ' };
/** Curly and other apostrophes, written as the plain one. */
const APOSTROPHES: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u02bc': "'", '\u0060': "'", '\u00b4': "'" };
/** The three, replaced in one pass: no character is in two of them, nor does one's output feed another. */
const RESPELT: Record<string, string> = { ...UNSPLIT, ...URDU_FORMS, ...APOSTROPHES };
const RESPELT_RE = new RegExp(`[${Object.keys(RESPELT).join('')}]`, 'g');

export function normaliseText(text: string, options: { clauses?: boolean } = {}): string {
  return normaliseWords(text, options).join(' ');
}

/** normaliseText's words, as a list (for a caller that reads words, so no text is joined to be split again). */
export function normaliseWords(text: string, options: { clauses?: boolean } = {}): string[] {
  const clauses = options.clauses ?? false;
  return wordList(cleanByTable(text, clauses) ?? cleanByParts(text, clauses));
}

/**
 * A text with a character the table lacks (an emoji, another script): cleaned a part at a time between spaces,
 * each part by the table when it can be, so one emoji in a long message sends only its own part to the regexes.
 * Cleaning never reaches across a space (no character combines or changes case with one beyond a space, and
 * runs of symbols, separators or letters stop at one), so the parts give the same words; a test checks it.
 * Line breaks are not split at: they are separators, which become clause marks.
 */
export function cleanByParts(text: string, clauses: boolean): string {
  return text
    .split(SPACES_NOT_BREAKS)
    .map((part) => cleanByTable(part, clauses) ?? cleanByRegex(part, clauses))
    .join(' ');
}

/** Cleaned text → its words, contractions spelled out, clause marks never doubled nor at either end. */
export function wordsOf(cleaned: string): string {
  return wordList(cleaned).join(' ');
}

function wordList(cleaned: string): string[] {
  const words: string[] = [];
  for (const raw of cleaned.split(SPACES)) {
    if (!raw || (raw === CLAUSE_MARK && (words.length === 0 || words.at(-1) === CLAUSE_MARK))) continue;
    const bare = raw.includes("'") ? raw.replace(/'/g, '') : raw;
    const expanded = APOSTROPHE_ONLY.get(raw) ?? CONTRACTIONS.get(bare);
    if (expanded) words.push(...expanded);
    else if (bare) words.push(bare);
  }
  if (words.at(-1) === CLAUSE_MARK) words.pop();
  return words;
}

export function cleanByRegex(text: string, clauses: boolean): string {
  return cleanChars(text, clauses).replace(REPEATS, '$1$1');
}

/** Everything but tokenising and cutting stretched letters: case, accents, apostrophes, emoji, separators, symbols. */
function cleanChars(text: string, clauses: boolean): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(RESPELT_RE, (c) => RESPELT[c] ?? c)
    .replace(EMOJI, ' $1 ')
    .replace(SEPARATOR, clauses ? ` ${CLAUSE_MARK} ` : ' ')
    .replace(NOT_WORD, ' ');
}

/**
 * The fast way for the characters most messages are made of (Latin letters with or without accents, digits,
 * punctuation, curly quotes and dashes): each is cleaned on its own by cleanChars, once, here; a message made only
 * of them is cleaned by looking each character up, in one pass with stretched letters cut as it goes. For these
 * characters cleaning a text is cleaning each character (none combines with its neighbour; a run of separators
 * becomes a run of clause marks, which tokenising folds into one), so both ways give the same words; a test checks
 * every pair of them. A message with any other character (emoji, other scripts, combining marks) takes the regexes.
 */
const TABLE_RANGES = [
  [0, 0x250],
  [0x2000, 0x2070],
] as const;
const TABLE_END = 0x2070;
/**
 * For each character below TABLE_END, where its cleaned form (ASCII codes) starts in `codes` and how many there
 * are, or NOT_READ. Typed arrays: read once per character of most messages, they must be quick to index.
 */
type CharTable = { start: Uint16Array; length: Int8Array; codes: Uint8Array };
const NOT_READ = -1;
const cleanedAlone = (clauses: boolean): CharTable => {
  const start = new Uint16Array(TABLE_END);
  const length = new Int8Array(TABLE_END).fill(NOT_READ);
  const codes: number[] = [];
  for (const [from, to] of TABLE_RANGES) {
    for (let code = from; code < to; code++) {
      const out = cleanChars(String.fromCharCode(code), clauses);
      if (!/^[\0-\x7f]*$/.test(out)) continue;
      start[code] = codes.length;
      length[code] = out.length;
      for (const c of out) codes.push(/\s/.test(c) ? 32 : c.charCodeAt(0));
    }
  }
  return { start, length, codes: Uint8Array.from(codes) };
};
const TABLES = { plain: cleanedAlone(false), clauses: cleanedAlone(true) };
/** The characters cleanByTable reads (for the test that checks them in pairs). */
export const TABLE_CHARACTERS = [...TABLES.plain.length].flatMap((length, code) => (length === NOT_READ ? [] : [String.fromCharCode(code)]));
const LONGEST_OUT = Math.max(...TABLES.plain.length, ...TABLES.clauses.length);

/** The table's output is ASCII, so one byte a character, read back as a string in one native call. */
let buffer = Buffer.alloc(256);

export function cleanByTable(text: string, clauses: boolean): string | null {
  const { start, length: lengths, codes } = clauses ? TABLES.clauses : TABLES.plain;
  if (buffer.length < text.length * LONGEST_OUT) buffer = Buffer.alloc(text.length * LONGEST_OUT);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char >= TABLE_END || lengths[char] === NOT_READ) return null;
    for (let at = start[char]!, end = at + lengths[char]!; at < end; at++) {
      const code = codes[at]!;
      // (\p{L})\1{2,} → two: a letter is dropped when the two before it are the same letter.
      if (code >= 97 && code <= 122 && length >= 2 && buffer[length - 1] === code && buffer[length - 2] === code) continue;
      buffer[length++] = code;
    }
  }
  return buffer.toString('latin1', 0, length);
}

/** "killl" and "kil" share a skeleton: every run of one letter counted once. */
export function squeezeRepeats(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}
