/**
 * Answers already normalised: a turn compares the same message and the same option labels several times (as a
 * command, a number, an option, an earlier question's option). Small and emptied when full, so it holds only the
 * last few hundred strings: enough for the labels in use, and no message is kept for long.
 */
const normalised = new Map<string, string>();
const REMEMBERED = 256;

/** Lowercase, accents kept, punctuation and extra spaces removed: how answers are compared. */
export function normaliseAnswer(text: string): string {
  let answer = normalised.get(text);
  if (answer === undefined) {
    if (normalised.size >= REMEMBERED) normalised.clear();
    normalised.set(text, (answer = normalise(text)));
  }
  return answer;
}

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .replace(/'/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
