import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus } from '../../src/safety/corpus.js';
import type { SafetyScreen } from '../../src/safety/index.js';
import { mixedMessages, SAFETY_CORPUS } from './mixed-messages.js';

/**
 * The screen's decisions on the whole corpus and on 3,000 mixed messages (the bench's first 3,000, a tenth of them
 * 2,000 characters), pinned in test/safety/fixtures/screen-decisions.tsv so a change meant only to make the screen
 * faster is shown to decide exactly as before. Pinned for one set of rules, concepts, model and corpus (the
 * fingerprint): after changing those on purpose, check `npm run eval:safety` and pin again
 * (`npm run safety:pin-decisions`).
 */
export const PINNED_FILE = 'test/safety/fixtures/screen-decisions.tsv';
const MIXED = 3000;
const DECIDING = ['src/safety/rules', 'src/safety/concepts', 'src/safety/model', SAFETY_CORPUS];

export function pinnedMessages(): string[] {
  return [...readCorpus(SAFETY_CORPUS, 'training'), ...readCorpus(SAFETY_CORPUS, 'ordinary')].map((m) => m.text).concat(mixedMessages(MIXED, 9));
}

/**
 * One line per message: a hash of its text (never the words), the decision and the language its help is given in,
 * the rule hit, the classifier's reading.
 */
export function decisionLine(screen: SafetyScreen, text: string): string {
  const { hit, rule, risk, category, level } = screen.explain(text);
  const id = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const show = (h: { category: string; level: string } | null) => (h ? `${h.category}/${h.level}` : '-');
  return [id, show(hit), hit?.language ?? '-', rule ? `${show(rule)}${rule.negated ? '/negated' : ''}` : '-', level ? `${category}/${level}` : '-', risk.toFixed(9)].join('\t');
}

/** A hash of every file the decisions depend on. */
export function decidingFingerprint(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    // Only what the screen reads: a README beside the corpus changes no decision.
    else if (/\.(tsv|ya?ml|json)$/.test(path)) hash.update(path).update(readFileSync(path));
  };
  DECIDING.forEach(visit);
  return hash.digest('hex').slice(0, 16);
}
