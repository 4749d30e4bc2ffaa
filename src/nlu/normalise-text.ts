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

/** Contractions written with or without the apostrophe; spelled out so "cant", "can't" and "cannot" agree. */
const CONTRACTIONS: Record<string, string> = {
  dont: 'do not', doesnt: 'does not', didnt: 'did not', cant: 'can not', cannot: 'can not', couldnt: 'could not',
  wouldnt: 'would not', shouldnt: 'should not', isnt: 'is not', arent: 'are not', wasnt: 'was not',
  werent: 'were not', havent: 'have not', hasnt: 'has not', hadnt: 'had not', aint: 'am not', mustnt: 'must not',
  neednt: 'need not', wont: 'will not', im: 'i am', ive: 'i have', youre: 'you are', theyre: 'they are', thats: 'that is',
  whats: 'what is', wanna: 'want to', gonna: 'going to', gotta: 'got to', dunno: 'do not know',
};
/** Contractions that are other words without their apostrophe ("ill", "well", "id", "hes"): only with one. */
const APOSTROPHE_ONLY: Record<string, string> = {
  "i'll": 'i will', "we'll": 'we will', "he'll": 'he will', "she'll": 'she will',
  "they'll": 'they will', "you'll": 'you will', "i'd": 'i would', "we'd": 'we would', "they'd": 'they would',
  "he's": 'he is', "she's": 'she is', "it's": 'it is', "let's": 'let us', "we're": 'we are',
};

const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;
const MARKS = /\p{M}+/gu;
const EMOJI = /(\p{Extended_Pictographic})/gu;
/** Latin and Arabic-script punctuation (Urdu ، ؛ ؟ ۔). */
const SEPARATOR = /[.,;:!?\n\r\u060c\u061b\u061f\u06d4]+/g;
const NOT_WORD = /[^\p{L}\p{N}\p{Extended_Pictographic}'|\s]+/gu;
const REPEATS = /(\p{L})\1{2,}/gu;
const SPACES = /\s+/;
/** Letters NFD does not split into base + accent. */
const UNSPLIT: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe' };
const UNSPLIT_RE = /[łøđßæœ]/g;
/**
 * Arabic-keyboard forms of Urdu letters, and what NFD leaves of hamza letters (ئ → ي), written as the Urdu
 * letters: "کوئی" typed on either keyboard reads the same.
 */
const URDU_FORMS: Record<string, string> = { 'ي': 'ی', 'ى': 'ی', 'ك': 'ک', 'ه': 'ہ', 'ە': 'ہ' };
const URDU_FORMS_RE = /[يىكهە]/g;

export function normaliseText(text: string, options: { clauses?: boolean } = {}): string {
  const cleaned = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(UNSPLIT_RE, (c) => UNSPLIT[c] ?? c)
    .replace(URDU_FORMS_RE, (c) => URDU_FORMS[c] ?? c)
    .replace(APOSTROPHES, "'")
    .replace(EMOJI, ' $1 ')
    .replace(SEPARATOR, options.clauses ? ` ${CLAUSE_MARK} ` : ' ')
    .replace(NOT_WORD, ' ')
    .replace(REPEATS, '$1$1');
  const words: string[] = [];
  for (const raw of cleaned.split(SPACES)) {
    if (!raw || (raw === CLAUSE_MARK && (words.length === 0 || words.at(-1) === CLAUSE_MARK))) continue;
    const expanded = APOSTROPHE_ONLY[raw] ?? CONTRACTIONS[raw.replace(/'/g, '')] ?? raw.replace(/'/g, '');
    if (expanded) words.push(expanded);
  }
  if (words.at(-1) === CLAUSE_MARK) words.pop();
  return words.join(' ');
}

/** "killl" and "kil" share a skeleton: every run of one letter counted once. */
export function squeezeRepeats(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}
