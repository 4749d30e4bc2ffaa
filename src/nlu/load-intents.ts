import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AuthorIssuesError, type AuthorIssue } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import { intentsFileSchema, type IntentsByLocale, type IntentsFile } from './intent-sets.js';

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
    else intents.set(locale, parsed.value);
  }
  if (issues.length) throw new AuthorIssuesError(issues);
  return intents;
}
