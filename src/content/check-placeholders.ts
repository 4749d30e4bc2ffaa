import { suggest, type AuthorIssue } from '../authoring/author-issue.js';
import { codePlaceholdersFor } from './code-placeholders.js';
import type { ContentCatalog, MessageEntry } from './load-content.js';
import { placeholdersIn } from './translate.js';

/**
 * Every {placeholder} must be one something fills in: a setting, an answer a flow saves, or a value the code
 * passes for that text. Otherwise residents read "{servce_name}". A translation must keep the default
 * language's (valid) placeholders; each problem is blamed on the file that has it, one issue per text.
 */
export function checkPlaceholders(catalog: ContentCatalog, savedAnswers: ReadonlySet<string>): AuthorIssue[] {
  const issues: AuthorIssue[] = [];
  // One set for what every text may use; a text with code-filled placeholders of its own gets a copy with them.
  const everywhere = new Set([...Object.keys(catalog.settings), ...savedAnswers]);
  const providedFor = (key: string): ReadonlySet<string> => {
    const own = codePlaceholdersFor(key);
    return own.length ? new Set([...everywhere, ...own]) : everywhere;
  };
  const base = catalog.locales.get(catalog.defaultLocale)?.messages ?? new Map<string, MessageEntry>();

  for (const [locale, content] of catalog.locales) {
    for (const [key, entry] of content.messages) {
      const provided = providedFor(key);
      const original = locale === catalog.defaultLocale ? undefined : base.get(key);
      const have = new Set(placeholdersIn(entry.text));
      const lost = original ? placeholdersIn(original.text).filter((p) => provided.has(p) && !have.has(p)) : [];
      const unknown = [...have].filter((p) => !provided.has(p));
      if (!unknown.length && !lost.length) continue;
      if (unknown.length === 1 && lost.length === 1) {
        // One placeholder swapped for an unknown one: the likeliest story is a rename or a typo.
        issues.push({ severity: 'error', file: entry.file, line: entry.line, message: `'${key}' uses {${unknown[0]}} where the ${catalog.defaultLocale} text has {${lost[0]}}`, fix: `write {${lost[0]}} instead of {${unknown[0]}} (see ${original!.file}:${original!.line})` });
        continue;
      }

      const fixes: string[] = [];
      for (const name of unknown) {
        // A misspelling of a placeholder the original has is the likeliest meaning.
        const near = suggest(name, lost) ?? suggest(name, provided);
        if (near && lost.includes(near)) lost.splice(lost.indexOf(near), 1);
        fixes.push(near ? `did you mean {${near}}?` : `use one of ${[...provided].sort().map((p) => `{${p}}`).join(', ')}`);
      }
      const parts = [
        ...(unknown.length ? [`uses ${list(unknown)}, which nothing fills in`] : []),
        ...(lost.length ? [`is missing ${list(lost)}, which the ${catalog.defaultLocale} text has`] : []),
      ];
      if (lost.length && original) fixes.push(`add ${list(lost)} where it fits (see ${original.file}:${original.line})`);
      issues.push({ severity: 'error', file: entry.file, line: entry.line, message: `'${key}' ${parts.join(' and ')}`, fix: fixes.join('; ') });
    }
  }
  return issues;
}

function list(names: string[]): string {
  return names.map((n) => `{${n}}`).join(', ');
}
