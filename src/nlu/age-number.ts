/**
 * A bare age ("19", "I'm 72", "mam 70 lat") read as an age group. The ranges are the age groups' own
 * (16_24, 25_64, 65_plus); a number outside every range ("250", "7") is no age group at all, so the question
 * is asked again rather than guessed.
 */
const AGE_GROUPS = [
  { id: '16_24', from: 16, to: 24 },
  { id: '25_64', from: 25, to: 64 },
  { id: '65_plus', from: 65, to: 120 },
] as const;

const NUMBER = /(?:^|\s)(\d{1,4})(?:s)?(?=\s|$)/;

/** The age group a message's first number falls in; null when it has no number or the number is out of range. */
export function ageGroupOfNumber(normalised: string): string | null {
  const found = NUMBER.exec(normalised);
  if (!found) return null;
  const age = Number(found[1]);
  return AGE_GROUPS.find((g) => age >= g.from && age <= g.to)?.id ?? null;
}

/** Whether a message holds a number at all (to tell "age 250" from words we don't know). */
export function holdsNumber(normalised: string): boolean {
  return NUMBER.test(normalised);
}
