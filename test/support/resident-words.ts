import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './test-bot.js';

/** What residents type in the scripted conversations (test/conversations), for the tests that prove it is never kept. */
const dir = join(REPO_ROOT, 'test', 'conversations');
export const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  // Only what residents type: event turns (a follow-up coming due) carry no words of theirs.
  .map((file) => ({
    file,
    turns: (parse(readFileSync(join(dir, file), 'utf8')) as { turns: Array<{ user?: string; after?: string; media?: number }> }).turns.filter(
      (t): t is { user: string; after?: string; media?: number } => t.user !== undefined,
    ),
  }));

/** Everything the bot itself says, in every language: its options and keywords ("menu", "hardly ever"). */
const botWords = readdirSync(join(REPO_ROOT, 'content'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(REPO_ROOT, 'content', f), 'utf8'))
  .join('\n');
const botWordsFolded = fold(botWords);

/** Case, spaces and punctuation folded away, so "s651da" is found as "S65 1DA". */
export function fold(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * What counts as the resident's own words: not a number picked from a list, not one of the bot's own words or
 * options (those appear in the replies kept for a retry), not a town the bot matched on its own list (kept
 * under the directory's name), and not a bare postcode district (kept as it is).
 */
export function isOwnWords(text: string, towns: Set<string>): boolean {
  const t = fold(text);
  // A bare postcode district ("S66") is itself what the bot keeps of a place.
  return t.length >= 3 && !/^\d+$/.test(t) && !/^[a-z]{1,2}\d[a-z\d]?$/.test(t) && !botWordsFolded.includes(t) && !towns.has(t);
}

