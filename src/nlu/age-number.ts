/**
 * A bare age ("19", "I'm 72", "mam 70 lat", "sixty-eight", "میری عمر ۷۰ سال", "sattar saal") or a year of birth
 * ("born in 1948", "urodzona w 2004") read as an age group. The ranges are the age groups' own (16_24, 25_64,
 * 65_plus); a number outside every range ("250", "7") is no age group at all, so the question is asked again rather
 * than guessed. A number is surer than words around it: "i am 23 years old".
 */
const AGE_GROUPS = [
  { id: '16_24', from: 16, to: 24 },
  { id: '25_64', from: 25, to: 64 },
  { id: '65_plus', from: 65, to: 120 },
] as const;

const NUMBER = /(?:^|\s)(\d{1,4})(?:s)?(?=\s|$)/;
/** "under 25" is 24 at most. */
const BELOW = /(?:^|\s)(?:under|below|ponizej|mniej niz|kam) (\d{1,3})(?=\s|$)/;

/** Number words, already normalised (no accents), as the ages people spell out. */
const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  jeden: 1, dwa: 2, trzy: 3, cztery: 4, piec: 5, szesc: 6, siedem: 7, osiem: 8, dziewiec: 9,
};
const TEENS_AND_TENS: Record<string, number> = {
  sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  szesnascie: 16, siedemnascie: 17, osiemnascie: 18, dziewietnascie: 19, dwadziescia: 20, trzydziesci: 30, czterdziesci: 40,
  piecdziesiat: 50, szescdziesiat: 60, siedemdziesiat: 70, osiemdziesiat: 80, dziewiecdziesiat: 90,
};
/**
 * Urdu number words (script and Roman), the ones ages are given in. Several are everyday words too ("اسی" is also
 * "this very", "saath" is "with"), so they count only next to a word for years or age: "sattar saal", "umar pachas".
 */
const URDU_NUMBERS: Record<string, number> = {
  سولہ: 16, سترہ: 17, اٹھارہ: 18, انیس: 19, بیس: 20, اکیس: 21, بائیس: 22, پچیس: 25, تیس: 30, پینتیس: 35, چالیس: 40,
  پینتالیس: 45, پچاس: 50, پچپن: 55, ساٹھ: 60, پینسٹھ: 65, ستر: 70, پچھتر: 75, اسی: 80, پچاسی: 85, نوے: 90,
  solah: 16, satrah: 17, atharah: 18, athara: 18, unees: 19, unnees: 19, bees: 20, ikkees: 21, baees: 22, pachees: 25,
  tees: 30, paintees: 35, chalees: 40, chalis: 40, chaalees: 40, paintalees: 45, pachas: 50, pachaas: 50, pachpan: 55,
  saath: 60, sath: 60, painsath: 65, sattar: 70, pachattar: 75, assi: 80, assee: 80, pachasi: 85, nabbe: 90, nawway: 90,
};
/** "saal", "baras", "umar": what makes an Urdu number word an age. */
const URDU_AGE_WORDS = new Set(['سال', 'برس', 'عمر', 'saal', 'sal', 'baras', 'umar', 'umr', 'umer']);
/** "chalees ke qareeb" (about forty), "tees ka hoon" (I'm thirty): a number word then "of", then "about" or "am". */
const URDU_OF = new Set(['کے', 'کا', 'کی', 'ke', 'ka', 'ki']);
const URDU_ABOUT_OR_AM = new Set(['قریب', 'لگ', 'ہوں', 'ہو', 'qareeb', 'qarib', 'kareeb', 'karib', 'hoon', 'hun', 'hon']);
/** Urdu and Arabic-Indic digits as ASCII. */
const EASTERN_DIGITS = /[\u06f0-\u06f9\u0660-\u0669]/g;

/** "sixty eight" → "68", "۷۰" → "70"; other words unchanged. */
function spellDigits(normalised: string): string {
  const words = normalised.replace(EASTERN_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10)).split(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const urdu = URDU_NUMBERS[words[i]!];
    const ofAbout = URDU_OF.has(words[i + 1] ?? '') && URDU_ABOUT_OR_AM.has(words[i + 2] ?? '');
    if (urdu !== undefined && (URDU_AGE_WORDS.has(words[i + 1] ?? '') || URDU_AGE_WORDS.has(words[i - 1] ?? '') || ofAbout)) {
      out.push(String(urdu));
      continue;
    }
    const tens = TEENS_AND_TENS[words[i]!];
    if (tens === undefined) {
      out.push(words[i]!);
      continue;
    }
    const unit = tens >= 20 && tens % 10 === 0 ? UNITS[words[i + 1] ?? ''] : undefined;
    if (unit !== undefined) i++;
    out.push(String(tens + (unit ?? 0)));
  }
  return out.join(' ');
}

function groupOf(age: number): string | null {
  return AGE_GROUPS.find((g) => age >= g.from && age <= g.to)?.id ?? null;
}

/** Years of birth are read as ages from this year back; older years than this are no one's birth. */
const EARLIEST_BIRTH_YEAR = 1900;

/**
 * The age group a message's first number falls in; null when it has no number or the number is out of range.
 * A four-digit number is a year of birth (the age is `year` minus it); `year` is this year unless a test fixes it.
 */
export function ageGroupOfNumber(normalised: string, year = new Date().getUTCFullYear()): string | null {
  const text = spellDigits(normalised);
  const below = BELOW.exec(text);
  if (below) return groupOf(Number(below[1]) - 1);
  const found = NUMBER.exec(text);
  if (!found) return null;
  const n = Number(found[1]);
  if (found[1]!.length < 4) return groupOf(n);
  return n >= EARLIEST_BIRTH_YEAR && n <= year ? groupOf(year - n) : null;
}

/** Whether a message holds a number at all (to tell "age 250" from words we don't know). */
export function holdsNumber(normalised: string): boolean {
  return NUMBER.test(spellDigits(normalised));
}
