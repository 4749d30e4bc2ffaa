/**
 * A light stemmer per language, so a phrase written once ("baby group") also matches its plurals and inflections
 * ("baby groups", "grupy wsparcia"). Deliberately conservative: it only strips endings that are grammar, and keeps
 * at least three letters, so "bus" and "busy" never meet. Words are already normalised (lowercase, no accents).
 */
export type StemWord = (word: string) => string;

/** Longest first. English: plurals, -ing/-ed, -ly (the stem is never shown to anyone, so "walk" for "walking" is fine). */
const ENGLISH_ENDINGS = ['ings', 'ing', 'ies', 'ied', 'es', 'ed', 'ly', 's'];
/** Polish case and verb endings, without accents (normalisation removed them); longest first. */
const POLISH_ENDINGS = [
  'owanie', 'owania', 'ami', 'ach', 'ego', 'emu', 'ymi', 'imi', 'ych', 'ich', 'owi', 'ow', 'om', 'em', 'ie', 'ia', 'iu', 'ej', 'a', 'e', 'i', 'o', 'u', 'y',
];
const MIN_STEM = 3;

function stripEnding(word: string, endings: readonly string[]): string {
  for (const ending of endings) {
    if (word.length - ending.length >= MIN_STEM && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
}

/**
 * Short verbs whose ending would leave fewer than three letters, so the rule above keeps them whole: "doing
 * everything for him" is "do everything for him", "just cried" is "cry".
 */
const SHORT_ENGLISH: Record<string, string> = { doing: 'do', does: 'do', cried: 'cry', cries: 'cry', tried: 'try', tries: 'try', dying: 'die', lying: 'lie' };

const english: StemWord = (word) => {
  if (/\d/.test(word) || word.endsWith('ss')) return word;
  const short = SHORT_ENGLISH[word];
  if (short) return short;
  const stem = stripEnding(word, ENGLISH_ENDINGS);
  // "walking" → "walk", "ladies" → "lad" would be wrong: -ies/-ied keep a "y" ("babies" → "baby").
  if (stem !== word && (word.endsWith('ies') || word.endsWith('ied'))) return `${stem}y`;
  // "running" → "runn" → "run": a doubled final consonant left by -ing/-ed.
  return stem !== word && /([b-df-hj-np-tv-z])\1$/.test(stem) && !/(ll|ss|ff|zz)$/.test(stem) ? stem.slice(0, -1) : stem;
};

const polish: StemWord = (word) => (/\d/.test(word) ? word : stripEnding(word, POLISH_ENDINGS));

/**
 * Urdu plural and oblique endings, in Urdu script (وں، یں) and as Roman Urdu spells them ("bachon", "naujawanon",
 * "baatein"), so "نوجوانوں کا گروپ" meets "نوجوان". Roman Urdu is written too many ways to strip more than that.
 */
const URDU_ENDINGS = ['ئیں', 'وں', 'یں', 'ein', 'ain', 'on'];
const urdu: StemWord = (word) => (/\d/.test(word) ? word : stripEnding(word, URDU_ENDINGS));

const STEMMERS: Record<string, StemWord> = { en: english, pl: polish, ur: urdu };
const unchanged: StemWord = (word) => word;

/** The stemmer for a language; words of languages without one are compared as written. */
export function stemmerFor(locale: string): StemWord {
  return STEMMERS[locale] ?? unchanged;
}
