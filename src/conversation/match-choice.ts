import { distance } from 'fastest-levenshtein';
import { normaliseAnswer } from './normalise-answer.js';

export interface ChoiceCandidate {
  label: string;
  /** Intent ids that also choose this option (e.g. 'yes'). */
  intents: string[];
}

export interface ChoiceMatchContext {
  /** "one" → 1 … in the resident's language (and English). */
  numberWords: ReadonlyMap<string, number>;
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

  const numbered = NUMBERED.exec(answer);
  const spoken = ctx.numberWords.get(answer) ?? ctx.numberWords.get(answer.split(' ')[0]!);
  const n = numbered ? Number(numbered[1]) : spoken;
  if (n !== undefined && n >= 1 && n <= options.length) return n - 1;
  if (numbered) return null;

  const labels = options.map((o) => normaliseAnswer(o.label));
  const exact = labels.indexOf(answer);
  if (exact >= 0) return exact;

  for (const intent of ctx.intents) {
    const byIntent = options.findIndex((o) => o.intents.includes(intent));
    if (byIntent >= 0) return byIntent;
  }

  const containing = unique(labels, (label) => answer.length >= 3 && containsWords(label, answer));
  if (containing !== null) return containing;
  const contained = unique(labels, (label) => label.length >= 3 && containsWords(answer, label));
  if (contained !== null) return contained;

  const tolerance = answer.length >= 8 ? 2 : answer.length >= 4 ? 1 : 0;
  if (tolerance === 0) return null;
  return unique(labels, (label) => distance(label, answer) <= tolerance || label.split(' ').some((w) => w.length >= 4 && distance(w, answer) <= tolerance));
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
