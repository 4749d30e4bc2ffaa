import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AuthorIssuesError, didYouMean, type AuthorIssue } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import { conceptsIn } from './expand-concepts.js';
import { INTENT_SETS, intentsFileSchema, type IntentsByLocale, type IntentsFile } from './intent-sets.js';

const FILE = 'intents.yaml';

/** Read every `content/<locale>/intents.yaml` once, at start. Throws with every problem, each with file and line. */
export function loadIntents(root: string): IntentsByLocale {
  const dir = join(root, 'content');
  const issues: AuthorIssue[] = [];
  const intents = new Map<string, IntentsFile>();
  for (const locale of readdirSync(dir).sort()) {
    const path = join(dir, locale, FILE);
    if (!statSync(join(dir, locale)).isDirectory() || !existsSync(path)) continue;
    const read = YamlFile.read(path, root);
    if ('issue' in read) {
      issues.push(read.issue);
      continue;
    }
    const parsed = read.file.parse(intentsFileSchema, (p) => (p.length ? p.join(' > ') : 'file'));
    if ('issues' in parsed) issues.push(...parsed.issues);
    else {
      issues.push(...unknownConcepts(parsed.value, (path) => read.file.lineOf(path), read.file.path));
      issues.push(...ambiguousSpellings(parsed.value, (path) => read.file.lineOf(path), read.file.path));
      intents.set(locale, parsed.value);
    }
  }
  if (issues.length) throw new AuthorIssuesError(issues);
  return intents;
}

/** A phrase naming a concept the file does not define would silently match nothing: an error, with the line. */
function unknownConcepts(file: IntentsFile, lineOf: (path: PropertyKey[]) => number, path: string): AuthorIssue[] {
  const known = Object.keys(file._concepts ?? {});
  const issues: AuthorIssue[] = [];
  for (const set of Object.keys(INTENT_SETS) as (keyof typeof INTENT_SETS)[]) {
    for (const [intent, phrases] of Object.entries(file[set] ?? {}) as [string, string[] | undefined][]) {
      (phrases ?? []).forEach((phrase, i) => {
        for (const name of conceptsIn(phrase).filter((n) => !known.includes(n))) {
          issues.push({ severity: 'error', file: path, line: lineOf([set, intent, i]), message: `'${phrase}' uses @${name}, which _concepts does not define`, fix: didYouMean(name, known, 'add it under _concepts, or write the words out') });
        }
      });
    }
  }
  return issues;
}

/** A variant listed under two usual spellings ("mam" for mum and for madam) would read as whichever came last. */
function ambiguousSpellings(file: IntentsFile, lineOf: (path: PropertyKey[]) => number, path: string): AuthorIssue[] {
  const firstUsual = new Map<string, string>();
  const issues: AuthorIssue[] = [];
  for (const [usual, variants] of Object.entries(file._spellings ?? {})) {
    variants.forEach((variant, i) => {
      const key = variant.toLowerCase();
      const before = firstUsual.get(key);
      if (before === undefined) firstUsual.set(key, usual);
      else issues.push({ severity: 'error', file: path, line: lineOf(['_spellings', usual, i]), message: `'${variant}' is listed as a spelling of '${before}' and of '${usual}'`, fix: 'keep it under one of them' });
    });
  }
  return issues;
}
