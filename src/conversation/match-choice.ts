import { distance } from 'fastest-levenshtein';
import { normaliseAnswer } from './normalise-answer.js';

export interface ChoiceCandidate {
  label: string;
  /** Intent ids that also choose this option (e.g. 'yes'). */
  intents: string[];
}

export interface ChoiceMatchContext {
  /** "one" → 1 … in the resident's language (and English); empty when numbers don't choose. */
  numberWords: ReadonlyMap<string, number>;
  /** False for options chosen only by their words (hidden options). */
  byNumber?: boolean;
  /** Intents found in the text, best first, from the intent classifier. */
  intents: readonly string[];
}

const NUMBERED = /^(?:option |number |no |#)?(\d{1,2})(?: .*)?$/;

/**
 * Which option (0-based) an answer means, or null. Accepts the number ("2", "2.", "#2", "two"), the option's
 * words or most of them ("hardly ever"), small typos, and intents such as "yes please" for a Yes option.
 */
export function matchChoice(text: string, options: readonly ChoiceCandidate[], ctx: ChoiceMatchContext): number | null {
  const answer = normaliseAnswer(text);
  if (!answer) return null;

  // The option's own words first: "65 or over" is that option, not the number 65.
  const labels = options.map((o) => normaliseAnswer(o.label));
  const exact = labels.indexOf(answer);
  if (exact >= 0) return exact;

  const n = readNumber(answer, ctx.numberWords);
  if (ctx.byNumber !== false && n !== null && n >= 1 && n <= options.length) return n - 1;
  // Any other number is no option's position, but may still mean one (an age, "19", at the age question).
  if (n !== null && NUMBERED.test(answer)) return byIntent(options, ctx.intents);

  const intended = byIntent(options, ctx.intents);
  if (intended !== null) return intended;

  const containing = unique(labels, (label) => answer.length >= 3 && containsWords(label, answer));
  if (containing !== null) return containing;
  const contained = unique(labels, (label) => label.length >= 3 && containsWords(answer, label));
  if (contained !== null) return contained;

  const tolerance = answer.length >= 8 ? 2 : answer.length >= 4 ? 1 : 0;
  if (tolerance === 0) return null;
  return unique(labels, (label) => distance(label, answer) <= tolerance || label.split(' ').some((w) => w.length >= 4 && distance(w, answer) <= tolerance));
}

/** "2", "2.", "#2", "option 2", "two" → 2; null when the answer isn't a number. Expects a normalised answer. */
export function readNumber(answer: string, numberWords: ReadonlyMap<string, number>): number | null {
  const numbered = NUMBERED.exec(answer);
  if (numbered) return Number(numbered[1]);
  return numberWords.get(answer) ?? numberWords.get(answer.split(' ')[0]!) ?? null;
}

function byIntent(options: readonly ChoiceCandidate[], intents: readonly string[]): number | null {
  for (const intent of intents) {
    const i = options.findIndex((o) => o.intents.includes(intent));
    if (i >= 0) return i;
  }
  return null;
}

function containsWords(haystack: string, needle: string): boolean {
  return ` ${haystack} `.includes(` ${needle} `);
}

/** The only index satisfying `test`, or null when none or several do (never guess between options). */
function unique(labels: string[], test: (label: string) => boolean): number | null {
  let found: number | null = null;
  for (let i = 0; i < labels.length; i++) {
    if (!test(labels[i]!)) continue;
    if (found !== null) return null;
    found = i;
  }
  return found;
}
